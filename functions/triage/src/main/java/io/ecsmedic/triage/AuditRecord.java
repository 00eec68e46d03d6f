package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;
import java.time.Instant;

/**
 * What triage decided about one event, kept for {@code AuditRetentionDays}. Holds the diagnosis,
 * never the raw event: events can carry environment values from container overrides.
 *
 * @param decision a {@link TriageOutcome.Status} (NOTIFIED, SUPPRESSED, LABELLED, OPTED_OUT,
 *     PARKED: could not be finished), or a step of the incident that failed: CHECKED (the deep
 *     check's verdict), SLACK_NOT_DELIVERED, REMEDIATION_NOT_STARTED
 * @param detail the occurrence count and why the mode is not the configured one, or the reason
 */
record AuditRecord(
    String eventId,
    Instant at,
    Finding finding,
    String incidentId,
    String decision,
    String mode,
    String detail) {}
