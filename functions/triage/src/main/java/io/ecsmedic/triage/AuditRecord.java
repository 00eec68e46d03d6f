package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;
import java.time.Instant;

/**
 * What triage decided about one event, kept for {@code AuditRetentionDays}. Holds the diagnosis,
 * never the raw event: events can carry environment values from container overrides.
 *
 * @param decision NOTIFIED, SUPPRESSED (a repeat inside the window), LABELLED (not paged),
 *     OPTED_OUT (service tag ecs-medic:mode=off) or PARKED (could not be diagnosed)
 */
record AuditRecord(
    String eventId,
    Instant at,
    Finding finding,
    String incidentId,
    String decision,
    String mode,
    String detail) {}
