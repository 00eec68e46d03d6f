package io.ecsmedic.aws.audit;

import java.time.Instant;

/**
 * A stored plan as it stands ({@link PlanRecord}, then approved, re-checked and claimed).
 *
 * @param status {@link #PENDING} (waits for a human), {@link #APPROVED} or {@link #AUTO}
 * @param approver who approved it ({@code AUTO} for AUTO); null while pending
 * @param checkedAt when the Re-check passed it; null before
 * @param claimedAt when Apply claimed it; null before (a plan is claimed once)
 */
public record PlanItem(
    String incidentId,
    String action,
    String actionDigest,
    String status,
    String approver,
    Instant expiresAt,
    Instant checkedAt,
    Instant claimedAt) {
  public static final String PENDING = "PENDING";
  public static final String APPROVED = "APPROVED";
  public static final String AUTO = "AUTO";
}
