package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;

/** One alert channel: SNS or Slack in production; a recording fake in tests. */
interface AlertPublisher {
  /** No channel: the function has no Slack configured. */
  AlertPublisher NONE = alert -> Delivery.DELIVERED;

  /**
   * Publishes the alert that opens (or re-opens, after the window) an incident.
   *
   * <p>SNS, the channel of record, throws when the topic refuses the alert (the event is then
   * parked). Slack never throws: it answers a failed {@link Delivery} with the reason.
   */
  Delivery publish(Alert alert);

  /**
   * A repeat inside the notification window: it must not page again. Channels that can update what
   * they already sent (a Slack thread, with a bot token) may say so quietly; the default does
   * nothing.
   *
   * @param occurrences occurrences of the fingerprint so far, this one included
   */
  default void repeat(Finding finding, String incidentId, long occurrences) {}
}
