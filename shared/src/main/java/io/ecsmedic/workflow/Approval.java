package io.ecsmedic.workflow;

/**
 * The approval function's answer to RequestApproval's task token ({@code approval} in the state).
 *
 * @param decidedAt ISO-8601 instant
 * @param source how it was decided, e.g. a Slack button or a signed link
 */
public record Approval(Boolean approved, String approver, String decidedAt, String source) {}
