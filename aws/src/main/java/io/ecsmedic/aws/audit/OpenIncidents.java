package io.ecsmedic.aws.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this process last saw of each incident's notification time: a hint, never a decision, for
 * which of {@link AuditTable#countOccurrence}'s two conditional updates to try first. A fingerprint
 * this process has not seen is most likely a new incident (storms are handled by warm processes
 * that have seen it), so the opening update goes first and a new incident costs one call, not two;
 * a fingerprint notified inside the window goes to the repeat update first. A wrong guess costs one
 * failed conditional update, as DynamoDB still decides every case.
 *
 * <p>Bounded (least recently used out), and safe for concurrent use.
 */
final class OpenIncidents {
  /** Enough for every live fingerprint of a busy account; a forgotten one only costs a call. */
  static final int CAPACITY = 2_000;

  private final Map<String, Long> notifiedAt =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > CAPACITY;
        }
      };

  /** Whether the incident was last known notified at or after {@code windowStart}. */
  synchronized boolean probablyOpen(String fingerprint, Instant windowStart) {
    Long at = notifiedAt.get(fingerprint);
    return at != null && at >= windowStart.toEpochMilli();
  }

  synchronized void notified(String fingerprint, long atMillis) {
    notifiedAt.put(fingerprint, atMillis);
  }

  synchronized void forget(String fingerprint) {
    notifiedAt.remove(fingerprint);
  }
}
