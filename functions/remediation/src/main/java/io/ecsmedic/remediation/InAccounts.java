package io.ecsmedic.remediation;

import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.model.ResourceRef;
import io.ecsmedic.workflow.WorkflowState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The workflow's steps that read or change the service (Enrich, Re-check, Apply, Verify), built
 * over the clients of the finding's own account and region and kept per target across warm
 * invocations. An account the stack cannot reach ({@link AccountTargets.NoAccess}) throws {@link
 * NoAccessToAccount}: the state machine records the step as failed, and no call is made in any
 * account, least of all a same-named service in the stack's own.
 */
final class InAccounts {

  /** The steps of one (account, region). */
  record Steps(EnrichStep enrich, Guardrails guardrails, ApplyStep apply, Verifier verify) {}

  /** The finding's account cannot be reached: nothing is read or changed for it. */
  static final class NoAccessToAccount extends RuntimeException {
    NoAccessToAccount(String note) {
      super(note);
    }
  }

  private final AccountTargets targets;
  private final Function<AwsClientFactory, Steps> build;
  private final Map<AwsClientFactory, Steps> steps = new ConcurrentHashMap<>();

  InAccounts(AccountTargets targets, Function<AwsClientFactory, Steps> build) {
    this.targets = targets;
    this.build = build;
  }

  /**
   * @param ownAccount the stack's account, from the function's ARN; empty when unknown
   */
  Steps of(WorkflowState state, Optional<String> ownAccount) {
    ResourceRef r = state.finding().resource();
    return switch (targets.target(ownAccount, r.account(), r.region())) {
      case AccountTargets.NoAccess n -> throw new NoAccessToAccount(n.note());
      case AccountTargets.Reachable in -> steps.computeIfAbsent(in.clients(), build);
    };
  }
}
