package io.ecsmedic.triage;

import io.ecsmedic.aws.audit.PendingDigest;
import java.time.Instant;
import java.util.List;

/**
 * The digest function's SnapStart priming (see {@link io.ecsmedic.snapstart.SnapStartHooks}):
 * before the snapshot, renders a digest (subject, text, JSON) of one made-up repeating incident,
 * which is what a run does between reading the pending incidents and publishing. The times are
 * fixed, never the clock's.
 *
 * <p>Not primed, because each would call AWS: the PendingDigest query, the publish, marking the
 * incidents reported.
 *
 * <p>Nothing to refresh after a restore: the digest function caches nothing at initialisation but
 * its two clients, which resolve credentials and connect on their first call.
 */
final class DigestPriming {
  private static final Instant ALERTED = Instant.parse("2026-01-01T00:00:00Z");

  private DigestPriming() {}

  /** Renders the digest of one repeating incident; returns its text, for the tests. */
  static String prime() {
    DigestMessage message =
        new DigestMessage(
            List.of(
                new PendingDigest(
                    "123456789012|us-east-1|prod|priming|OOM|CONTAINER_LIMIT",
                    "priming-1767225600",
                    "OOM",
                    "CONTAINER_LIMIT",
                    "prod",
                    "priming",
                    3,
                    3,
                    ALERTED,
                    ALERTED.plusSeconds(600))));
    message.subject();
    message.json().toString();
    return message.text();
  }
}
