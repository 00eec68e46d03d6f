package io.ecsmedic.aws.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * @param decisionSource {@code slack}, {@code link} or {@code cli}; null while pending
 * @param nonce the request's nonce ({@link ApprovalRequest#nonce}); null for an item stored before
 *     requests had one, which no link can decide
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
    String decisionSource,
    String nonce) {
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

  /** Whether this is the request a link for {@code linkNonce} was made for. */
  public boolean madeFor(String linkNonce) {
    return nonce != null
        && linkNonce != null
        && MessageDigest.isEqual(
            nonce.getBytes(StandardCharsets.US_ASCII),
            linkNonce.getBytes(StandardCharsets.US_ASCII));
  }

  /** The nonce's first 8 digits: enough to tell requests apart in the audit, useless to forge. */
  public String noncePrefix() {
    return nonce == null ? "-" : nonce.substring(0, Math.min(8, nonce.length()));
  }

  /**
   * Never prints the task token or the nonce: records end up in log lines and assertion messages.
   */
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
