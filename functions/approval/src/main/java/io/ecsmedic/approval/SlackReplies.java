package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.approval.Approvals;
import io.ecsmedic.json.Json;

/** What the channel and the clicker read after a click. */
final class SlackReplies {
  private SlackReplies() {}

  /** The one line that says how a click ended ({@code Approved by <@U123>; …}). */
  static String line(Approvals.Result r, SlackInteraction click) {
    if (r.outcome() != Approvals.Outcome.DECIDED) {
      return "Not applied: " + escape(r.reason());
    }
    return click.approve()
        ? "Approved by " + click.mention() + "; ecs-medic re-checks the service, then applies"
        : "Rejected by " + click.mention() + "; the remediation will not be applied";
  }

  /**
   * The reply to post to the click's response URL: once decided, the alert itself is replaced by
   * the same alert without its buttons and with the decision underneath, so nobody clicks again; a
   * refusal goes to the clicker only.
   */
  static ObjectNode reply(Approvals.Result r, SlackInteraction click) {
    String line = line(r, click);
    ObjectNode reply = Json.MAPPER.createObjectNode();
    if (r.outcome() != Approvals.Outcome.DECIDED) {
      return reply
          .put("response_type", "ephemeral")
          .put("replace_original", false)
          .put("text", line);
    }
    JsonNode blocks = click.message() == null ? null : click.message().get("blocks");
    if (blocks == null || !blocks.isArray()) {
      return reply
          .put("response_type", "in_channel")
          .put("replace_original", false)
          .put("text", line);
    }
    reply.put("replace_original", true);
    reply.put("text", click.message().path("text").asText(line));
    ArrayNode kept = reply.putArray("blocks");
    for (JsonNode block : blocks) {
      if (!"actions".equals(block.path("type").asText())) {
        kept.add(block);
      }
    }
    ObjectNode context = kept.addObject().put("type", "context");
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text", line);
    return reply;
  }

  /** The reply to a click from someone who may not decide: to the clicker only. */
  static ObjectNode refused(String reason) {
    return Json.MAPPER
        .createObjectNode()
        .put("response_type", "ephemeral")
        .put("replace_original", false)
        .put("text", "Not accepted: " + reason);
  }

  /** Slack's three control characters in text taken from the approval (the approver's name). */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
