package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.signing.ApprovalLinks;
import java.util.regex.Pattern;

/**
 * A click on one of the alert's Approve / Reject buttons (a {@code block_actions} payload), read
 * only after its signature was checked.
 *
 * @param userName the clicker's Slack handle (or name), without control characters, at most 80
 *     characters; may be empty
 * @param responseUrl where Slack accepts replies to this click for 30 minutes; null if none
 * @param message the alert the buttons belong to; null if Slack did not send it
 */
record SlackInteraction(
    boolean approve,
    String incidentId,
    String userId,
    String userName,
    String responseUrl,
    ObjectNode message) {
  /** The action ids of SlackBlocks' buttons (io.ecsmedic.notify). */
  static final String APPROVE_ACTION_ID = "ecs-medic.approve";

  static final String REJECT_ACTION_ID = "ecs-medic.reject";

  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9]{1,40}");
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
    if (!USER_ID.matcher(userId).matches()) {
      throw new InvalidException("the interaction has no valid Slack user id");
    }
    String name = user.path("username").asText("");
    if (name.isBlank()) {
      name = user.path("name").asText("");
    }
    JsonNode responseUrl = payload.path("response_url");
    JsonNode message = payload.path("message");
    return new SlackInteraction(
        approve,
        incidentId,
        userId,
        clean(name),
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

  private static String clean(String name) {
    String s =
        name.codePoints()
            .filter(c -> !Character.isISOControl(c))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .strip();
    return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
  }

  @Override
  public String toString() {
    return "SlackInteraction[approve="
        + approve
        + ", incidentId="
        + incidentId
        + ", user="
        + userId
        + "]";
  }
}
