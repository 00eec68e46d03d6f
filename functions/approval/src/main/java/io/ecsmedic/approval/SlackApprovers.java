package io.ecsmedic.approval;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may press the Approve / Reject buttons in Slack. A valid Slack signature proves only that
 * Slack sent the click: with a shared channel, anyone in any workspace connected to it can click,
 * and any app signed with the same secret could relay one. So a click is accepted only from an
 * allow-listed user of an allow-listed workspace (team) and, when those lists are set, through the
 * allow-listed app in an allow-listed channel.
 *
 * <p>Deny by default: with no user or no team on the lists, every click is refused, and the reply
 * says how to configure them.
 *
 * @param userIds Slack user ids ({@code U…} / {@code W…}) that may decide; empty: nobody
 * @param teamIds workspace ids ({@code T…}) the click must come from; empty: nobody
 * @param appIds app ids ({@code A…}) the click must come through; empty: any
 * @param channelIds channel ids ({@code C…}) the click must come from; empty: any
 */
record SlackApprovers(
    Set<String> userIds, Set<String> teamIds, Set<String> appIds, Set<String> channelIds) {

  /** Why this click may not decide, in words for the person who clicked; empty when it may. */
  Optional<String> refusal(SlackInteraction click) {
    if (userIds.isEmpty() || teamIds.isEmpty()) {
      return Optional.of(
          "Slack approvals are on, but nobody may approve from Slack yet: an administrator sets"
              + " the stack parameters SlackApproverUserIds and SlackApproverTeamIds (and, to"
              + " narrow further, SlackApproverAppIds and SlackApproverChannelIds). Until then,"
              + " approve with `ecs-medic approve "
              + click.incidentId()
              + "`.");
    }
    if (!teamIds.contains(click.teamId())) {
      return Optional.of(
          "clicks from workspace "
              + orUnknown(click.teamId())
              + " are not accepted; approvers must click from workspace "
              + String.join(", ", new TreeSet<>(teamIds)));
    }
    if (!appIds.isEmpty() && !appIds.contains(click.appId())) {
      return Optional.of(
          "this click came through Slack app "
              + orUnknown(click.appId())
              + ", which is not the ecs-medic app");
    }
    if (!channelIds.isEmpty() && !channelIds.contains(click.channelId())) {
      return Optional.of("approvals are not accepted from channel " + orUnknown(click.channelId()));
    }
    if (!userIds.contains(click.userId())) {
      return Optional.of(
          click.mention()
              + " is not on the approvers list. Approvers: "
              + String.join(", ", new TreeSet<>(userIds).stream().map(u -> "<@" + u + ">").toList())
              + " (stack parameter SlackApproverUserIds).");
    }
    return Optional.empty();
  }

  private static String orUnknown(String id) {
    return id == null || id.isEmpty() ? "(none)" : id;
  }
}
