package io.ecsmedic.triage;

import java.util.Optional;

/**
 * Remembers the Slack message that opened each incident, so that any Lambda instance can later
 * reply in its thread instead of posting a new alert.
 */
interface SlackThreadStore {
  /**
   * The message that opened an incident.
   *
   * @param channel the channel id Slack answered with (a reply must name the parent's channel)
   * @param ts the message timestamp, Slack's id for the message and its thread
   */
  record SlackThread(String channel, String ts) {}

  /** The thread of an incident, or empty when its alert never reached Slack. */
  Optional<SlackThread> threadOf(String incidentId);

  void saveThread(String incidentId, String channel, String ts);
}
