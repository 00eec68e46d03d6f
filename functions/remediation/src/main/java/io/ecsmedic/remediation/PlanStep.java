package io.ecsmedic.remediation;

import io.ecsmedic.json.Json;
import io.ecsmedic.workflow.Plan;
import io.ecsmedic.workflow.WorkflowState;

/**
 * The Plan step: the {@link Planner}'s decision, stored by the {@link PlanGuard} (the plan Apply
 * will claim, the change's one open proposal). An incident that joins another's open proposal is
 * mentioned in that proposal's Slack thread; its own record (REMEDIATION_JOINED, and a short line
 * on the alert topic) is written by Record.
 */
final class PlanStep {
  private final Planner planner;
  private final PlanGuard guard;
  private final SlackProposals slack;

  PlanStep(Planner planner, PlanGuard guard, SlackProposals slack) {
    this.planner = planner;
    this.guard = guard;
    this.slack = slack;
  }

  Plan plan(WorkflowState state) {
    PlanGuard.Settled settled = guard.settle(state, planner.plan(state));
    if (settled.joined() != null) {
      slack.post(
          settled.joined(),
          Json.MAPPER
              .createObjectNode()
              .put(
                  "text",
                  "Incident "
                      + state.incidentId()
                      + " ("
                      + state.finding().summary()
                      + ") would propose the same change: it joins this proposal, and one"
                      + " decision covers both."));
    }
    return settled.plan();
  }
}
