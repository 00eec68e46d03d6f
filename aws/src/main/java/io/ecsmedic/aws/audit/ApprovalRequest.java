package io.ecsmedic.aws.audit;

import java.time.Instant;

/**
 * A workflow waiting for a human: what {@link AuditTable#putApprovalRequest} stores as PENDING for
 * the approval function to decide.
 *
 * @param key an incident id (remediation) or an ECR cleanup run id
 * @param taskToken the waiting Step Functions task's token; a credential, never logged or shown
 * @param expiresAt the end of the approval window (and the item's TTL)
 * @param summary one line on what would change, shown on the confirmation page
 */
public record ApprovalRequest(
    String key,
    String taskToken,
    Instant requestedAt,
    Instant expiresAt,
    String cluster,
    String service,
    String summary) {

  /** Never prints the task token: records end up in log lines and assertion messages. */
  @Override
  public String toString() {
    return "ApprovalRequest[key=" + key + ", expiresAt=" + expiresAt + ", summary=" + summary + "]";
  }
}
