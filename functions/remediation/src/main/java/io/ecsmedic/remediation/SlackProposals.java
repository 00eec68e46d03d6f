package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.SlackThread;
import io.ecsmedic.aws.slack.SlackClient;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a proposal with its Approve / Reject buttons in front of on-call in Slack, the way triage
 * posts alerts: with a bot token, as a reply in the incident's thread (the alert triage posted)
 * when there is one; otherwise through the incoming webhook. Slack is a convenience beside the
 * e-mail links on the alert topic, so a failure here is logged and otherwise ignored: it never
 * fails the approval request. Secrets are read when needed and never logged.
 */
final class SlackProposals {
  private static final Logger LOG = LoggerFactory.getLogger(SlackProposals.class);

  /** Where proposals go; {@link #NONE} when Slack is not configured. */
  record Target(
      Supplier<String> botToken, String channel, URI apiBase, Supplier<String> webhookUrl) {}

  static final SlackProposals NONE = new SlackProposals(null, null);

  private final Target target;
  private final AuditTable table;
  private final SlackClient slack = new SlackClient();

  SlackProposals(Target target, AuditTable table) {
    this.target = target;
    this.table = table;
  }

  void post(String incidentId, ObjectNode message) {
    if (target == null) {
      return;
    }
    try {
      SlackClient.Reply reply;
      if (target.botToken() != null) {
        Optional<SlackThread> thread = table.slackThread(incidentId);
        message.put("channel", thread.map(SlackThread::channel).orElse(target.channel()));
        thread.ifPresent(t -> message.put("thread_ts", t.ts()).put("reply_broadcast", true));
        reply =
            slack.callApi(target.apiBase(), "chat.postMessage", target.botToken().get(), message);
      } else {
        reply = slack.postToWebhook(target.webhookUrl().get(), message);
      }
      if (reply instanceof SlackClient.Reply.Failed failed) {
        LOG.warn("Slack proposal for incident {} not delivered: {}", incidentId, failed.reason());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Slack proposal for incident {} not delivered: {}",
          incidentId,
          e.getClass().getSimpleName());
    }
  }
}
