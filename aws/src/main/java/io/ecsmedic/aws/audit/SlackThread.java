package io.ecsmedic.aws.audit;

/**
 * The Slack message that opened an incident, so that any Lambda instance (triage's repeats,
 * remediation's proposal) can reply in its thread.
 *
 * @param channel the channel id Slack answered with (a reply must name the parent's channel)
 * @param ts the message timestamp, Slack's id for the message and its thread
 */
public record SlackThread(String channel, String ts) {}
