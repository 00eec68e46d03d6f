package io.ecsmedic.remediation;

import io.ecsmedic.aws.audit.PlanItem;
import io.ecsmedic.aws.audit.PlanRecord;
import io.ecsmedic.workflow.Plan;
import io.ecsmedic.workflow.Plan.Decision;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.WorkflowState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Apply verifies its own plan (docs/security.md): the workflow state travels through Step Functions
 * and anyone allowed to invoke the function can hand a step any state, so the steps that lead to a
 * change trust the audit table, not the state.
 *
 * <ol>
 *   <li>Plan stores the plan ({@code PLAN#<incident id>}: the action's digest, AUTO or pending, an
 *       expiry). A plan that needs approval first opens its change's proposal ({@code
 *       PROPOSAL#<change>}) or, when another incident's proposal of the same change is open, joins
 *       it instead of asking a second time.
 *   <li>Re-check accepts only a stored plan with the same digest that is AUTO, or whose approval
 *       the approval function marked APPROVED (the approver is taken from that item); after every
 *       other guard it marks the plan checked.
 *   <li>Apply claims the plan once: approved or AUTO, checked, not expired, not claimed, same
 *       digest. A direct invoke, a replay or an altered action finds nothing to claim.
 * </ol>
 */
final class PlanGuard {
  /** How long after its approval window (or, for AUTO, after Plan) a plan may still be applied. */
  static final Duration GRACE = Duration.ofMinutes(15);

  private final PlanStore store;
  private final Duration approvalTimeout;
  private final Clock clock;

  PlanGuard(PlanStore store, Duration approvalTimeout, Clock clock) {
    this.store = store;
    this.approvalTimeout = approvalTimeout;
    this.clock = clock;
  }

  /**
   * What Plan settled on.
   *
   * @param joined the incident whose open proposal this one joined; null unless the plan is JOINED
   */
  record Settled(Plan plan, String joined) {}

  /**
   * The Plan step's last word: stores an AUTO or NEEDS_APPROVAL plan, or turns a plan whose change
   * already waits for approval under another incident into a JOINED one, which stores nothing.
   */
  Settled settle(WorkflowState state, Plan plan) {
    boolean auto = plan.decision() == Decision.AUTO;
    if (!auto && plan.decision() != Decision.NEEDS_APPROVAL) {
      return new Settled(plan, null);
    }
    Instant now = clock.instant();
    String incidentId = state.incidentId();
    RemediationAction action = plan.action().action();
    if (!auto) {
      String owner =
          store.openProposal(
              ActionDigest.change(action), incidentId, now, now.plus(approvalTimeout));
      if (!owner.equals(incidentId)) {
        return new Settled(
            new Plan(
                Decision.JOINED,
                "joins the open proposal of incident "
                    + owner
                    + ": the same change already waits for approval",
                plan.alternatives(),
                plan.action(),
                plan.verifyIntervalSeconds()),
            owner);
      }
    }
    Instant expires = (auto ? now : now.plus(approvalTimeout)).plus(GRACE);
    boolean stored =
        store.putPlan(
            new PlanRecord(
                incidentId,
                action.cluster(),
                action.service(),
                action.type().name(),
                ActionDigest.of(action),
                auto,
                now,
                expires));
    if (!stored) {
      throw new IllegalStateException("incident " + incidentId + " already has another plan");
    }
    return new Settled(plan, null);
  }

  /**
   * Re-check, before any claim: the state's action is the stored plan's, and the plan is AUTO or
   * approved through the approval function. Empty when it is; otherwise why not.
   */
  Optional<String> approved(WorkflowState state) {
    String incidentId = state.incidentId();
    Optional<PlanItem> stored = store.plan(incidentId);
    if (stored.isEmpty()) {
      return Optional.of("no plan was stored for incident " + incidentId);
    }
    PlanItem plan = stored.get();
    if (!plan.actionDigest().equals(ActionDigest.of(state.plannedAction().action()))) {
      return Optional.of("the action is not the one that was planned");
    }
    if (!PlanItem.PENDING.equals(plan.status())) {
      return Optional.empty();
    }
    Optional<String> approver = store.approvedBy(incidentId);
    if (approver.isEmpty()) {
      return Optional.of("the plan was not approved");
    }
    if (!store.approvePlan(incidentId, approver.get(), clock.instant())) {
      return Optional.of("the plan expired before it was approved");
    }
    return Optional.empty();
  }

  /** Re-check, after every other guard: the plan may now be claimed by Apply. */
  Optional<String> checked(WorkflowState state) {
    return store.checkPlan(state.incidentId(), clock.instant())
        ? Optional.empty()
        : Optional.of("the plan expired or was applied already");
  }

  /** Apply: claims the plan for exactly this action, once. Empty when claimed; else why not. */
  Optional<String> claim(WorkflowState state, RemediationAction action) {
    String incidentId = state.incidentId();
    String digest = ActionDigest.of(action);
    Instant now = clock.instant();
    if (store.claimPlan(incidentId, digest, now)) {
      return Optional.empty();
    }
    return Optional.of(
        store
            .plan(incidentId)
            .map(p -> whyNot(p, digest, now))
            .orElse("no plan was stored for incident " + incidentId));
  }

  /** Once the first incident's proposal is decided (or ends), a new one may open. */
  void closeProposal(WorkflowState state) {
    Plan plan = state.plan();
    if (plan != null && plan.decision() == Decision.NEEDS_APPROVAL && plan.action() != null) {
      store.closeProposal(
          ActionDigest.change(plan.action().action()), state.incidentId(), clock.instant());
    }
  }

  private static String whyNot(PlanItem p, String digest, Instant now) {
    if (p.claimedAt() != null) {
      return "the plan was applied already (claimed " + p.claimedAt() + ")";
    }
    if (!p.actionDigest().equals(digest)) {
      return "the action is not the one that was planned";
    }
    if (PlanItem.PENDING.equals(p.status())) {
      return "the plan was not approved";
    }
    if (p.expiresAt() != null && !p.expiresAt().isAfter(now)) {
      return "the plan expired at " + p.expiresAt();
    }
    return "the plan did not pass the re-check";
  }
}
