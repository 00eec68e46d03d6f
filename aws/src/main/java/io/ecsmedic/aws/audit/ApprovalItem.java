package io.ecsmedic.aws.audit;

import java.time.Instant;

/**
 * A waiting approval as the audit table holds it: requested by a workflow ({@link
 * ApprovalRequest}), decided by the approval function.
 *
 * @param incidentId the approval's key: an incident id, or an ECR cleanup run id
 * @param taskToken the waiting Step Functions task's token; a credential, never logged or shown
 * @param status PENDING, then APPROVED or REJECTED (or EXPIRED when Step Functions stopped waiting)
 * @param expiresAt the end of the approval window; null if the item has none
 * @param approver who decided; null while pending
 * @param decidedAt when; null while pending
 * @param decisionSource {@code slack} or {@code link}; null while pending
 */
public record ApprovalItem(
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
  public static final String PENDING = "PENDING";
  public static final String APPROVED = "APPROVED";
  public static final String REJECTED = "REJECTED";
  public static final String EXPIRED = "EXPIRED";

  public boolean pending() {
    return PENDING.equals(status);
  }

  /** Whether the approval window had closed at {@code now} (an item without expiresAt has). */
  public boolean expiredAt(Instant now) {
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
