package io.ecsmedic.remediation;

import io.ecsmedic.workflow.Applied;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.WorkflowState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Apply step: claims the stored plan for exactly the action it is asked to apply ({@link
 * PlanGuard#claim}), then applies it ({@link Applier}). A refusal (no such plan, a replay, an
 * altered action, a revision that would change the task's roles) changes nothing, is recorded as
 * {@code REMEDIATION_REFUSED} and fails the step.
 */
final class ApplyStep {
  private static final Logger LOG = LoggerFactory.getLogger(ApplyStep.class);

  private final PlanGuard plans;
  private final Applier applier;
  private final Recorder recorder;

  ApplyStep(PlanGuard plans, Applier applier, Recorder recorder) {
    this.plans = plans;
    this.applier = applier;
    this.recorder = recorder;
  }

  Applied apply(WorkflowState state) {
    RemediationAction action = state.plannedAction().action();
    try {
      String refusal = plans.claim(state, action).orElse(null);
      if (refusal != null) {
        throw new ActionRefused(refusal);
      }
      LOG.info("applying {}", action.type());
      return applier.apply(action);
    } catch (ActionRefused e) {
      LOG.warn("refused to apply {}: {}", action.type(), e.getMessage());
      recorder.record(
          state,
          "REMEDIATION_REFUSED",
          ApprovalRequester.describe(state.plannedAction())
              + ": "
              + e.getMessage()
              + "; nothing was applied",
          null,
          List.of());
      throw e;
    }
  }
}
