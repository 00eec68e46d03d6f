package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;
import java.util.List;

/** Where alerts go: SNS in production; a recording fake in handler tests. */
interface AlertPublisher {
  /**
   * Publishes the alert that opens (or re-opens, after the window) an incident.
   *
   * @param repeatsFolded repeats since the previous alert of this fingerprint (the digest count)
   * @param checked the deep check's verdict line then its failing steps; empty when none ran
   */
  void publish(Finding finding, String incidentId, long repeatsFolded, List<String> checked);

  /** An alert without a deep check. */
  default void publish(Finding finding, String incidentId, long repeatsFolded) {
    publish(finding, incidentId, repeatsFolded, List.of());
  }

  /**
   * A repeat inside the notification window: it must not page again. Channels that can update what
   * they already sent (a Slack thread, with a bot token) may say so quietly; the default does
   * nothing.
   *
   * @param occurrences occurrences of the fingerprint so far, this one included
   */
  default void repeat(Finding finding, String incidentId, long occurrences) {}
}
