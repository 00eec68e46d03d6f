package io.ecsmedic.triage;

import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.model.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The audit store's contract in memory, for handler tests (DynamoAuditStore is tested e2e). */
final class InMemoryAuditStore implements AuditStore {
  private record Claim(boolean done, Instant at) {}

  private static final class Incident {
    String id;
    Instant notifiedAt;
    long occurrences;
    long suppressed;
  }

  final Map<String, Claim> claims = new HashMap<>();
  final Map<String, Incident> incidents = new HashMap<>();
  final List<AuditRecord> records = new ArrayList<>();

  @Override
  public synchronized boolean claimEvent(String eventId, Instant now, Duration staleAfter) {
    Claim c = claims.get(eventId);
    if (c != null && (c.done() || c.at().isAfter(now.minus(staleAfter)))) {
      return false;
    }
    claims.put(eventId, new Claim(false, now));
    return true;
  }

  @Override
  public synchronized void completeEvent(String eventId) {
    claims.put(eventId, new Claim(true, claims.get(eventId).at()));
  }

  @Override
  public synchronized void releaseEvent(String eventId) {
    if (claims.containsKey(eventId) && !claims.get(eventId).done()) {
      claims.remove(eventId);
    }
  }

  @Override
  public synchronized Occurrence recordOccurrence(
      String key, Finding f, Instant now, Duration window) {
    Incident i = incidents.computeIfAbsent(key, k -> new Incident());
    i.occurrences++;
    if (i.notifiedAt == null || i.notifiedAt.isBefore(now.minus(window))) {
      long folded = i.suppressed;
      i.notifiedAt = now;
      i.suppressed = 0;
      i.id = AuditTable.incidentId(key, now);
      return new Occurrence(i.id, true, i.occurrences, folded);
    }
    i.suppressed++;
    return new Occurrence(i.id, false, i.occurrences, i.suppressed);
  }

  @Override
  public synchronized void releaseNotification(String fingerprint, Instant claimedAt) {
    Incident i = incidents.get(fingerprint);
    if (i != null && claimedAt.equals(i.notifiedAt)) {
      i.notifiedAt = null;
    }
  }

  @Override
  public synchronized void record(AuditRecord record) {
    records.add(record);
  }
}
