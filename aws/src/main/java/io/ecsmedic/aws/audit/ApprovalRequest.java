package io.ecsmedic.aws.audit;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A workflow waiting for a human: what {@link AuditTable#putApprovalRequest} stores as PENDING for
 * the approval function (or {@code ecs-medic approve}) to decide.
 *
 * @param key an incident id (remediation) or an ECR cleanup run id
 * @param taskToken the waiting Step Functions task's token; a credential, never logged or shown
 * @param expiresAt the end of the approval window (and the item's TTL)
 * @param summary one line on what would change, shown on the confirmation page
 * @param nonce this request's own random id (128 bits, hex): its signed links carry it, and a
 *     decision by link must name it, so a link decides this request only, and never a later one
 *     that replaced it under the same key
 */
public record ApprovalRequest(
    String key,
    String taskToken,
    Instant requestedAt,
    Instant expiresAt,
    String cluster,
    String service,
    String summary,
    String nonce) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A request with a fresh nonce. */
  public ApprovalRequest(
      String key,
      String taskToken,
      Instant requestedAt,
      Instant expiresAt,
      String cluster,
      String service,
      String summary) {
    this(key, taskToken, requestedAt, expiresAt, cluster, service, summary, freshNonce());
  }

  /** 16 random bytes from {@link SecureRandom}, as 32 lower-case hex digits. */
  public static String freshNonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Never prints the task token or the nonce: records end up in log lines and messages. */
  @Override
  public String toString() {
    return "ApprovalRequest[key=" + key + ", expiresAt=" + expiresAt + ", summary=" + summary + "]";
  }
}
