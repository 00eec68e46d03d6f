package io.ecsmedic.remediation;

/**
 * Apply refused to change anything: no claimable plan for the action it was asked to apply, or a
 * new revision that would not keep the roles of the one it replaces. Apply audits the refusal
 * before throwing it; the state machine then records the step as failed.
 */
final class ActionRefused extends RuntimeException {
  ActionRefused(String reason) {
    super(reason);
  }
}
