package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.slack.SlackClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts replies to Slack's response URLs. The URL comes from a request whose signature was checked,
 * and is still only followed when it is on Slack's hooks host: the function never posts wherever a
 * payload points. The URL is a credential for 30 minutes and is never logged.
 *
 * <p>The whole exchange has to fit in Slack's 3-second acknowledgement budget, hence {@link
 * SlackClient#REPLY_TIMEOUT}.
 */
final class SlackResponseUrl implements SlackResponder {
  private static final Logger LOG = LoggerFactory.getLogger(SlackResponseUrl.class);
  static final String SLACK_HOOKS = "https://hooks.slack.com/";

  private final String allowedPrefix;
  private final SlackClient slack = new SlackClient();

  SlackResponseUrl() {
    this(SLACK_HOOKS);
  }

  /**
   * @param allowedPrefix the only URLs replies go to (tests point it at a local receiver)
   */
  SlackResponseUrl(String allowedPrefix) {
    this.allowedPrefix = allowedPrefix;
  }

  @Override
  public void respond(String responseUrl, ObjectNode message) {
    if (slack.replyTo(responseUrl, allowedPrefix, message) instanceof SlackClient.Reply.Failed f) {
      LOG.warn("no reply in Slack: {}", f.reason());
    }
  }
}
