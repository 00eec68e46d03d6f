package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.notify.SlackBlocks;

/**
 * The alert as a Slack payload, for both Slack channels: the shared Block Kit message, with the
 * alert's notes (mode fallback, foreign account) as a section right under the header and at the
 * start of the notification text, where a reader on a phone sees them first; what changed before
 * the failure comes next, before the diagnosis; the container's last words above the context line,
 * and where the evidence is kept below it.
 */
final class SlackAlert {
  private SlackAlert() {}

  static ObjectNode payload(Alert alert) {
    ObjectNode message =
        SlackBlocks.message(
            alert.finding(), alert.incidentId(), alert.repeatsFolded(), alert.checked(), false);
    ArrayNode blocks = (ArrayNode) message.get("blocks");
    if (alert.lastWords() != null) {
      blocks.insert(blocks.size() - 1, SlackBlocks.lastWords(alert.lastWords()));
    }
    if (alert.evidenceRecord() != null) {
      blocks.add(SlackBlocks.evidenceRecord(alert.evidenceRecord()));
    }
    if (!alert.whatChanged().isEmpty()) {
      blocks.insert(1, SlackBlocks.whatChanged(alert.whatChanged()));
    }
    if (alert.notes().isEmpty()) {
      return message;
    }
    String notes = escape(String.join("\n", alert.notes()));
    ObjectNode section = message.objectNode().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", ":warning: " + notes);
    ((ArrayNode) message.get("blocks")).insert(1, section);
    message.put("text", notes + " — " + message.path("text").asText());
    return message;
  }

  /** Slack reads &, < and > as markup (mentions, links); notes are plain text. */
  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
