package io.ecsmedic.aws.audit;

import io.ecsmedic.model.Finding;
import java.time.Instant;

/**
 * Triage's audit record of one event: under its cluster, or among the parked events when it could
 * not be diagnosed. Holds the diagnosis, never the raw event (events can carry environment values
 * from container overrides).
 *
 * @param finding the diagnosis; null for a parked event
 * @param incidentId, mode, detail optional: null or empty leaves the attribute out
 * @param decision NOTIFIED, SUPPRESSED, LABELLED, OPTED_OUT or PARKED
 * @param expiresAt when DynamoDB's TTL removes the record
 */
public record EventRecord(
    String eventId,
    Instant at,
    Finding finding,
    String incidentId,
    String decision,
    String mode,
    String detail,
    Instant expiresAt) {

  /** Whether the event could not be diagnosed. */
  public boolean parked() {
    return finding == null;
  }
}
