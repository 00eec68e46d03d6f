package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.AuditText;
import io.ecsmedic.signing.ApprovalLinks;
import java.util.regex.Pattern;

/**
 * A click on one of the alert's Approve / Reject buttons (a {@code block_actions} payload), read
 * only after its signature was checked.
 *
 * @param userName the clicker's Slack handle (or name), through {@link AuditText}, at most 80
 *     characters; may be empty
 * @param teamId the workspace the clicker belongs to ({@code user.team_id}, else {@code team.id});
 *     empty if Slack sent none
 * @param appId the app the click came through ({@code api_app_id}); empty if none
 * @param channelId the channel of the message ({@code channel.id}); empty if none
 * @param responseUrl where Slack accepts replies to this click for 30 minutes; null if none
 * @param message the alert the buttons belong to; null if Slack did not send it
 */
record SlackInteraction(
    boolean approve,
    String incidentId,
    String userId,
    String userName,
    String teamId,
    String appId,
    String channelId,
    String responseUrl,
    ObjectNode message) {
  /** The action ids of SlackBlocks' buttons (io.ecsmedic.notify). */
  static final String APPROVE_ACTION_ID = "ecs-medic.approve";

  static final String REJECT_ACTION_ID = "ecs-medic.reject";

  private static final Pattern SLACK_ID = Pattern.compile("[A-Za-z0-9]{1,40}");
  private static final int MAX_NAME = 80;

  /** The payload is not an ecs-medic button click; the message says why, without echoing it. */
  static final class InvalidException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidException(String message) {
      super(message);
    }
  }

  static SlackInteraction from(JsonNode payload) throws InvalidException {
    if (!"block_actions".equals(payload.path("type").asText())) {
      throw new InvalidException("not a block_actions interaction");
    }
    JsonNode action = payload.path("actions").path(0);
    String actionId = action.path("action_id").asText("");
    boolean approve;
    if (APPROVE_ACTION_ID.equals(actionId)) {
      approve = true;
    } else if (REJECT_ACTION_ID.equals(actionId)) {
      approve = false;
    } else {
      throw new InvalidException("not an ecs-medic approval button");
    }
    String incidentId = action.path("value").asText("");
    if (!ApprovalLinks.INCIDENT_ID.matcher(incidentId).matches()) {
      throw new InvalidException(
          "the button's incident id must match " + ApprovalLinks.INCIDENT_ID.pattern());
    }
    JsonNode user = payload.path("user");
    String userId = user.path("id").asText("");
    if (!SLACK_ID.matcher(userId).matches()) {
      throw new InvalidException("the interaction has no valid Slack user id");
    }
    String name = user.path("username").asText("");
    if (name.isBlank()) {
      name = user.path("name").asText("");
    }
    String teamId = user.path("team_id").asText("");
    if (teamId.isEmpty()) {
      teamId = payload.path("team").path("id").asText("");
    }
    JsonNode responseUrl = payload.path("response_url");
    JsonNode message = payload.path("message");
    return new SlackInteraction(
        approve,
        incidentId,
        userId,
        AuditText.clean(name, MAX_NAME),
        id(teamId),
        id(payload.path("api_app_id").asText("")),
        id(payload.path("channel").path("id").asText("")),
        responseUrl.isTextual() ? responseUrl.asText() : null,
        message.isObject() ? (ObjectNode) message : null);
  }

  /** How the decision is recorded: {@code alice (Slack U123)}, or {@code Slack U123}. */
  String approver() {
    return userName.isEmpty() ? "Slack " + userId : userName + " (Slack " + userId + ")";
  }

  /** A mention Slack renders as the user's name. */
  String mention() {
    return "<@" + userId + ">";
  }

  /** A Slack id as sent, or "" when it is not one (it is compared, stored and shown). */
  private static String id(String value) {
    return SLACK_ID.matcher(value).matches() ? value : "";
  }

  /** Where the click came from, for the audit of a refusal. */
  String origin() {
    return "team " + teamId + ", app " + appId + ", channel " + channelId;
  }

  @Override
  public String toString() {
    return "SlackInteraction[approve="
        + approve
        + ", incidentId="
        + incidentId
        + ", user="
        + userId
        + ", team="
        + teamId
        + "]";
  }
}
