package io.ecsmedic.aws.audit;

import java.time.Instant;

/**
 * An incident with repeats no alert or digest has reported yet ({@link AuditTable#pendingDigests}).
 *
 * @param suppressed repeats since the incident's alert
 * @param unreported of those, how many no digest has reported yet
 * @param notifiedAt the incident's last alert; marking it reported is conditional on it
 */
public record PendingDigest(
    String fingerprint,
    String incidentId,
    String category,
    String subcause,
    String cluster,
    String service,
    long suppressed,
    long unreported,
    Instant notifiedAt,
    Instant lastSeen) {}
