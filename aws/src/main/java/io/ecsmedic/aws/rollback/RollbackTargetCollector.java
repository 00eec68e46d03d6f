package io.ecsmedic.aws.rollback;

import io.ecsmedic.rollback.RollbackTarget;
import io.ecsmedic.rollback.RollbackTargets;
import io.ecsmedic.rollback.ServiceDeployment;
import io.ecsmedic.rollback.SteadyRevision;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Reads what {@link RollbackTargets} needs about one service: its deployments from the {@code
 * DescribeServices} answer the caller already holds, and {@code DescribeTaskDefinition} of the
 * chosen revision only, to confirm ECS can still deploy it (ACTIVE). An INACTIVE or unreadable
 * revision is set aside and the next one chosen, at most {@link #MAX_CONFIRMATIONS} times.
 *
 * <p>Used by the remediation workflow's Enrich step (what it proposes) and by ECR hygiene (what it
 * keeps), so both name the same revision.
 */
public final class RollbackTargetCollector {
  static final int MAX_CONFIRMATIONS = 3;

  private final EcsClient ecs;
  private final AtomicInteger calls = new AtomicInteger();

  public RollbackTargetCollector(EcsClient ecs) {
    this.ecs = ecs;
  }

  /**
   * The rollback target of a service as ECS describes it; the failing revision is the one it runs.
   *
   * @param history revisions known elsewhere to have reached a steady state, newest first
   */
  public RollbackTarget target(Service service, List<SteadyRevision> history) {
    List<ServiceDeployment> deployments =
        service.deployments().stream()
            .map(
                d ->
                    new ServiceDeployment(
                        d.id(),
                        d.status(),
                        d.taskDefinition(),
                        d.rolloutStateAsString(),
                        d.rolloutStateReason()))
            .toList();
    Set<String> inactive = new HashSet<>();
    RollbackTarget target =
        RollbackTargets.choose(service.taskDefinition(), deployments, history, inactive);
    for (int i = 0; i < MAX_CONFIRMATIONS && target.known(); i++) {
      if (active(target.taskDefinition())) {
        return target;
      }
      inactive.add(target.taskDefinition());
      target = RollbackTargets.choose(service.taskDefinition(), deployments, history, inactive);
    }
    return target.known()
        ? new RollbackTarget(
            null,
            "none of the first "
                + MAX_CONFIRMATIONS
                + " steady revisions is ACTIVE any more; "
                + target.taskDefinition()
                + " was not checked")
        : target;
  }

  /** API calls made so far, for the caller's report. */
  public int calls() {
    return calls.get();
  }

  private boolean active(String taskDefinition) {
    calls.incrementAndGet();
    try {
      return "ACTIVE"
          .equals(
              ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinition))
                  .taskDefinition()
                  .statusAsString());
    } catch (EcsException e) {
      return false;
    }
  }
}
