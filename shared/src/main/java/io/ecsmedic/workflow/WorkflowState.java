package io.ecsmedic.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ecsmedic.model.Mode;

/**
 * The remediation execution's state, typed: what triage started it with, then one key per step
 * (docs/architecture.md, "The remediation workflow's state"). Steps read it and return a copy with
 * their own key set; {@link WorkflowJson} reads and writes it and keeps every key it does not
 * model.
 *
 * @param mode the service's mode; PROPOSE when a hand-started execution names none
 * @param auditExpiresAt epoch seconds when the audit records expire; null: the default retention
 * @param enrichment Enrich's result; null before it ran (likewise for each step's key)
 * @param approval the approval function's answer
 * @param verify the latest Verify check
 * @param outcome how the execution ended, set by a Pass state before Record
 * @param error what a Catch caught
 */
public record WorkflowState(
    @JsonProperty(required = true) String incidentId,
    String eventId,
    Mode mode,
    Long auditExpiresAt,
    @JsonProperty(required = true) WorkflowFinding finding,
    Enrichment enrichment,
    Plan plan,
    Approval approval,
    Recheck recheck,
    Applied applied,
    Verification verify,
    Outcome outcome,
    StepError error) {

  public WorkflowState {
    mode = mode == null ? Mode.PROPOSE : mode;
  }

  /** The planned action; Re-check, Apply and Verify run only after a plan chose one. */
  public PlannedAction plannedAction() {
    if (plan == null || plan.action() == null) {
      throw new IllegalStateException("the workflow state has no plan.action");
    }
    return plan.action();
  }

  public WorkflowState withEnrichment(Enrichment e) {
    return new WorkflowState(
        incidentId,
        eventId,
        mode,
        auditExpiresAt,
        finding,
        e,
        plan,
        approval,
        recheck,
        applied,
        verify,
        outcome,
        error);
  }

  public WorkflowState withPlan(Plan p) {
    return new WorkflowState(
        incidentId,
        eventId,
        mode,
        auditExpiresAt,
        finding,
        enrichment,
        p,
        approval,
        recheck,
        applied,
        verify,
        outcome,
        error);
  }

  public WorkflowState withRecheck(Recheck r) {
    return new WorkflowState(
        incidentId,
        eventId,
        mode,
        auditExpiresAt,
        finding,
        enrichment,
        plan,
        approval,
        r,
        applied,
        verify,
        outcome,
        error);
  }

  public WorkflowState withApplied(Applied a) {
    return new WorkflowState(
        incidentId,
        eventId,
        mode,
        auditExpiresAt,
        finding,
        enrichment,
        plan,
        approval,
        recheck,
        a,
        verify,
        outcome,
        error);
  }

  public WorkflowState withVerify(Verification v) {
    return new WorkflowState(
        incidentId,
        eventId,
        mode,
        auditExpiresAt,
        finding,
        enrichment,
        plan,
        approval,
        recheck,
        applied,
        v,
        outcome,
        error);
  }
}
