package io.ecsmedic.triage;

import io.ecsmedic.aws.audit.SlackThread;
import java.util.Optional;

/**
 * Remembers the Slack message that opened each incident, so that any Lambda instance can later
 * reply in its thread instead of posting a new alert.
 */
interface SlackThreadStore {
  /** The thread of an incident, or empty when its alert never reached Slack. */
  Optional<SlackThread> threadOf(String incidentId);

  /**
   * @param channel the channel id Slack answered with
   * @param ts the message's timestamp, Slack's id for it and its thread
   */
  void saveThread(String incidentId, String channel, String ts);
}
