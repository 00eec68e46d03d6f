package io.ecsmedic.triage;

import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.EventRecord;
import io.ecsmedic.aws.audit.IncidentOccurrence;
import io.ecsmedic.model.Finding;
import java.time.Duration;
import java.time.Instant;

/**
 * Triage's memory in the audit table ({@link AuditTable}): event claims, incidents and the record
 * of each event, all kept for the audit retention except the claims (two days).
 */
final class DynamoAuditStore implements AuditStore {
  private final AuditTable table;
  private final Duration retention;

  DynamoAuditStore(AuditTable table, Duration retention) {
    this.table = table;
    this.retention = retention;
  }

  @Override
  public boolean claimEvent(String eventId, Instant now, Duration staleAfter) {
    return table.claimEvent(eventId, now, staleAfter);
  }

  @Override
  public void completeEvent(String eventId) {
    table.completeEvent(eventId);
  }

  @Override
  public void releaseEvent(String eventId) {
    table.releaseEvent(eventId);
  }

  @Override
  public Occurrence recordOccurrence(String key, Finding finding, Instant now, Duration window) {
    IncidentOccurrence o = table.countOccurrence(key, finding, now, window, now.plus(retention));
    return new Occurrence(o.incidentId(), o.alert(), o.occurrences(), o.suppressed());
  }

  @Override
  public void releaseNotification(String fingerprint, Instant claimedAt) {
    table.releaseNotification(fingerprint, claimedAt);
  }

  @Override
  public void record(AuditRecord a) {
    table.recordEvent(
        new EventRecord(
            a.eventId(),
            a.at(),
            a.finding(),
            a.incidentId(),
            a.decision(),
            a.mode(),
            a.detail(),
            a.at().plus(retention)));
  }
}
