package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;

/** Where alerts go: SNS in production; a recording fake in handler tests. */
interface AlertPublisher {
  /**
   * Publishes the alert that opens (or re-opens, after the window) an incident.
   *
   * @param repeatsFolded repeats since the previous alert of this fingerprint (the digest count)
   */
  void publish(Finding finding, String incidentId, long repeatsFolded);

  /**
   * A repeat inside the notification window: it must not page again. Channels that can update what
   * they already sent (a Slack thread, with a bot token) may say so quietly; the default does
   * nothing.
   *
   * @param occurrences occurrences of the fingerprint so far, this one included
   */
  default void repeat(Finding finding, String incidentId, long occurrences) {}
}
