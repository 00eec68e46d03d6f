package io.ecsmedic.remediation;

import static io.ecsmedic.remediation.GuardFixtures.APPROVAL_TIMEOUT;
import static io.ecsmedic.remediation.GuardFixtures.NOW;
import static io.ecsmedic.remediation.GuardFixtures.at;
import static io.ecsmedic.remediation.GuardFixtures.raiseMemory;
import static io.ecsmedic.remediation.GuardFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.audit.PlanItem;
import io.ecsmedic.workflow.Plan;
import io.ecsmedic.workflow.Plan.Decision;
import io.ecsmedic.workflow.WorkflowState;
import org.junit.jupiter.api.Test;

/**
 * Apply verifies its own plan: only a stored plan, approved (or AUTO), re-checked, unexpired and
 * unclaimed, of exactly the action asked for, is claimed, and only once. And one open proposal per
 * change: a second incident proposing the same change joins the first's.
 */
class PlanGuardTest {
  final InMemoryPlanStore store = new InMemoryPlanStore();
  final PlanGuard guard = new PlanGuard(store, APPROVAL_TIMEOUT, at(NOW));

  private Plan settle(WorkflowState s) {
    return guard.settle(s, s.plan()).plan();
  }

  @Test
  void aDirectApplyWithoutAStoredPlanIsRefused() {
    WorkflowState s = state("i-1", Decision.AUTO, raiseMemory(2048));

    assertThat(guard.claim(s, s.plannedAction().action()))
        .contains("no plan was stored for incident i-1");
  }

  @Test
  void anAutoPlanIsClaimedOnceAfterTheRecheckAndAReplayIsRefused() {
    WorkflowState s = state("i-1", Decision.AUTO, raiseMemory(2048));
    settle(s);

    assertThat(guard.claim(s, s.plannedAction().action()))
        .as("not re-checked yet")
        .contains("the plan did not pass the re-check");
    assertThat(guard.approved(s)).isEmpty();
    assertThat(guard.checked(s)).isEmpty();
    assertThat(guard.claim(s, s.plannedAction().action())).isEmpty();
    assertThat(guard.claim(s, s.plannedAction().action()))
        .hasValueSatisfying(r -> assertThat(r).startsWith("the plan was applied already"));
    assertThat(guard.checked(s)).as("a claimed plan is not checked again").isPresent();
    assertThat(settle(s).decision()).as("the incident re-run").isEqualTo(Decision.AUTO);
    assertThat(guard.claim(s, s.plannedAction().action()))
        .as("a re-run leaves the claimed plan claimed")
        .hasValueSatisfying(r -> assertThat(r).startsWith("the plan was applied already"));
  }

  @Test
  void anActionAlteredAfterPlanIsRefusedAtRecheckAndAtApply() {
    WorkflowState planned = state("i-1", Decision.AUTO, raiseMemory(2048));
    settle(planned);
    WorkflowState altered = state("i-1", Decision.AUTO, raiseMemory(8192));

    assertThat(guard.approved(altered)).contains("the action is not the one that was planned");
    guard.checked(planned);
    assertThat(guard.claim(altered, altered.plannedAction().action()))
        .contains("the action is not the one that was planned");
    assertThat(store.plans.get("i-1").claimedAt()).as("nothing claimed").isNull();
  }

  @Test
  void aPlanThatNeedsApprovalIsApprovedOnlyThroughTheApprovalItem() {
    WorkflowState s = state("i-1", Decision.NEEDS_APPROVAL, raiseMemory(2048));
    settle(s);

    assertThat(guard.approved(s)).contains("the plan was not approved");
    assertThat(guard.checked(s)).isPresent();
    assertThat(guard.claim(s, s.plannedAction().action())).contains("the plan was not approved");

    store.approvals.put("i-1", "alice (Slack U1)");
    assertThat(guard.approved(s)).isEmpty();
    assertThat(store.plans.get("i-1").status()).isEqualTo(PlanItem.APPROVED);
    assertThat(store.plans.get("i-1").approver()).isEqualTo("alice (Slack U1)");
    assertThat(guard.checked(s)).isEmpty();
    assertThat(guard.claim(s, s.plannedAction().action())).isEmpty();
  }

  @Test
  void anExpiredPlanIsNotClaimed() {
    WorkflowState s = state("i-1", Decision.AUTO, raiseMemory(2048));
    settle(s);
    guard.approved(s);
    guard.checked(s);
    PlanGuard later = new PlanGuard(store, APPROVAL_TIMEOUT, at(NOW.plus(PlanGuard.GRACE)));

    assertThat(later.claim(s, s.plannedAction().action()))
        .hasValueSatisfying(r -> assertThat(r).startsWith("the plan expired at"));
  }

  @Test
  void aSecondIncidentProposingTheSameChangeJoinsTheOpenProposal() {
    WorkflowState first = state("i-1", Decision.NEEDS_APPROVAL, raiseMemory(2048));
    WorkflowState second = state("i-2", Decision.NEEDS_APPROVAL, raiseMemory(2048));
    WorkflowState other = state("i-3", Decision.NEEDS_APPROVAL, raiseMemory(4096));

    assertThat(settle(first).decision()).isEqualTo(Decision.NEEDS_APPROVAL);
    PlanGuard.Settled joined = guard.settle(second, second.plan());
    assertThat(settle(other).decision()).as("another change").isEqualTo(Decision.NEEDS_APPROVAL);

    assertThat(joined.plan().decision()).isEqualTo(Decision.JOINED);
    assertThat(joined.joined()).isEqualTo("i-1");
    assertThat(joined.plan().reason()).contains("joins the open proposal of incident i-1");
    assertThat(store.proposals.get(ActionDigest.change(raiseMemory(2048))).joined)
        .containsExactly("i-2");
    assertThat(store.plans).as("the joined incident stores no plan").doesNotContainKey("i-2");
    assertThat(settle(first).decision())
        .as("a retried Plan step")
        .isEqualTo(Decision.NEEDS_APPROVAL);
  }

  @Test
  void onceTheFirstProposalIsDecidedOrExpiredANewOneMayOpen() {
    WorkflowState first = state("i-1", Decision.NEEDS_APPROVAL, raiseMemory(2048));
    settle(first);
    guard.closeProposal(first);

    assertThat(settle(state("i-2", Decision.NEEDS_APPROVAL, raiseMemory(2048))).decision())
        .isEqualTo(Decision.NEEDS_APPROVAL);
    PlanGuard afterExpiry = new PlanGuard(store, APPROVAL_TIMEOUT, at(NOW.plus(APPROVAL_TIMEOUT)));
    WorkflowState third = state("i-3", Decision.NEEDS_APPROVAL, raiseMemory(2048));
    assertThat(afterExpiry.settle(third, third.plan()).plan().decision())
        .isEqualTo(Decision.NEEDS_APPROVAL);
  }
}
