package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.workflow.Outcome;
import io.ecsmedic.workflow.PlannedAction;
import io.ecsmedic.workflow.StepError;
import io.ecsmedic.workflow.Verification;
import io.ecsmedic.workflow.WorkflowState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Record step, the workflow's last word: one audit record of how the execution ended and, where
 * a human should know, a message on the alert topic. NOTHING_TO_APPLY and OBSERVED are recorded
 * only (the alert triage sent already said it all).
 */
final class RecordStep {
  private static final Logger LOG = LoggerFactory.getLogger(RecordStep.class);
  private static final int MAX_CAUSE = 300;

  /** What was recorded; Record's output, of which the state machine keeps the decision. */
  record Recorded(String decision, String detail) {}

  private final Recorder recorder;
  private final PlanGuard plans;

  RecordStep(Recorder recorder, PlanGuard plans) {
    this.recorder = recorder;
    this.plans = plans;
  }

  Recorded record(WorkflowState state, Outcome outcome) {
    PlannedAction action = state.plan() == null ? null : state.plan().action();
    String what = action == null ? "-" : ApprovalRequester.describe(action);
    List<String> calls = state.applied() == null ? List.of() : state.applied().calls();
    StepError error = state.error() == null ? new StepError(null, null) : state.error();
    String cause = error.cause() == null ? "" : error.cause();
    // A rejection's cause is who rejected it (the approval function's reason).
    String approver =
        outcome == Outcome.REJECTED
            ? cause
            : state.approval() == null ? null : state.approval().approver();
    Recorded recorded =
        switch (outcome) {
          case NOTHING_TO_APPLY, OBSERVED ->
              new Recorded(
                  "REMEDIATION_" + outcome, state.plan() == null ? "" : state.plan().reason());
          case APPLIED -> {
            Verification v = state.verify();
            yield new Recorded(
                "REMEDIATION_" + (v == null || v.status() == null ? "NOT_VERIFIED" : v.status()),
                what + ": " + (v == null ? "" : v.detail()));
          }
          case JOINED ->
              new Recorded(
                  "REMEDIATION_JOINED",
                  what + ": " + state.plan().reason() + "; nothing to decide");
          case REJECTED -> new Recorded("REMEDIATION_REJECTED", what + ": " + approver);
          case APPROVAL_TIMED_OUT ->
              new Recorded(
                  "REMEDIATION_EXPIRED", what + ": nobody approved in time; nothing was applied");
          case ABORTED ->
              new Recorded(
                  "REMEDIATION_ABORTED",
                  what + ": " + (state.recheck() == null ? "" : state.recheck().reason()));
          case ERROR ->
              new Recorded(
                  "REMEDIATION_ERROR",
                  (error.error() == null ? "error" : error.error()) + ": " + clip(cause));
        };
    String decision = recorded.decision();
    String detail = recorded.detail();
    recorder.record(state, decision, detail, approver, calls);
    plans.closeProposal(state);
    if (outcome != Outcome.NOTHING_TO_APPLY && outcome != Outcome.OBSERVED) {
      tell(state, decision, detail, what, approver, calls);
    }
    LOG.info("{}: {}", decision, detail);
    return recorded;
  }

  private void tell(
      WorkflowState state,
      String decision,
      String detail,
      String what,
      String approver,
      List<String> calls) {
    ObjectNode json =
        Json.MAPPER.createObjectNode().put("decision", decision).put("detail", detail);
    if (approver != null) {
      json.put("approver", approver);
    }
    json.putPOJO("calls", calls);
    recorder.notify(
        state,
        "remediation",
        "[ecs-medic] " + decision.substring("REMEDIATION_".length()) + ": " + what,
        decision
            + "\n"
            + detail
            + (calls.isEmpty() ? "" : "\nAPI calls: " + String.join("; ", calls))
            + "\nIncident: "
            + state.incidentId()
            + "\n",
        json);
  }

  private static String clip(String s) {
    return s.length() <= MAX_CAUSE ? s : s.substring(0, MAX_CAUSE) + "…";
  }
}
