package io.ecsmedic.aws.audit;

import java.time.Instant;

/**
 * The audit record of an ECR cleanup decision (ECR_CLEANUP_PROPOSED, _DELETED, _REJECTED, ...).
 * Empty or null text is stored as {@code -}.
 *
 * @param approver who approved or rejected; null or blank leaves the attribute out
 * @param expiresAt when DynamoDB's TTL removes the record
 */
public record CleanupRecord(
    String runId, Instant at, String decision, String detail, String approver, Instant expiresAt) {}
