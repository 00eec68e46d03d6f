package io.ecsmedic.approval;

import java.time.Instant;

/**
 * The {@code APPROVAL#<incident id> / APPROVAL} item of the audit table: written by the workflow
 * when a remediation starts waiting for a human, decided here.
 *
 * @param taskToken the waiting Step Functions task's token; a credential, never logged or shown
 * @param status PENDING, then APPROVED or REJECTED (or EXPIRED when Step Functions stopped waiting)
 * @param expiresAt the end of the approval window; null if the item has none
 * @param approver who decided; null while pending
 * @param decidedAt when; null while pending
 * @param decisionSource {@code slack} or {@code link}; null while pending
 */
record ApprovalItem(
    String incidentId,
    String taskToken,
    String status,
    Instant requestedAt,
    Instant expiresAt,
    String cluster,
    String service,
    String summary,
    String approver,
    Instant decidedAt,
    String decisionSource) {
  static final String PENDING = "PENDING";
  static final String APPROVED = "APPROVED";
  static final String REJECTED = "REJECTED";
  static final String EXPIRED = "EXPIRED";

  boolean pending() {
    return PENDING.equals(status);
  }

  /** Whether the approval window had closed at {@code now} (an item without expiresAt has). */
  boolean expiredAt(Instant now) {
    return expiresAt == null || !expiresAt.isAfter(now);
  }

  /** Never prints the task token: records end up in log lines and assertion messages. */
  @Override
  public String toString() {
    return "ApprovalItem[incidentId="
        + incidentId
        + ", status="
        + status
        + ", expiresAt="
        + expiresAt
        + ", cluster="
        + cluster
        + ", service="
        + service
        + ", approver="
        + approver
        + ", decidedAt="
        + decidedAt
        + ", decisionSource="
        + decisionSource
        + "]";
  }
}
