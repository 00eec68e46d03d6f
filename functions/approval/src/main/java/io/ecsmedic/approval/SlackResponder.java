package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Replies to a button click through its {@code response_url}: Slack does not show the body of the
 * acknowledgement of a {@code block_actions} request, so this is how the channel learns who
 * decided, and the clicker why a click was refused. Best effort: a reply that fails never changes
 * the decision.
 */
interface SlackResponder {
  void respond(String responseUrl, ObjectNode message);
}
