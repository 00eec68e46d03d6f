package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.slack.SlackClient;
import io.ecsmedic.model.Finding;
import io.ecsmedic.notify.SlackBlocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the alert to a Slack incoming webhook as Block Kit. The webhook URL is a credential: it is
 * read from Secrets Manager (cached for a few minutes so a rotation takes effect), never from the
 * template or the environment, and never logged.
 *
 * <p>Slack is a second channel beside SNS: a Slack failure is retried once and then parked on the
 * dead-letter queue with the incident id, instead of failing the invocation (which would re-send
 * the SNS alert on retry). Nothing is lost either way.
 */
final class SlackWebhookPublisher implements AlertPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SlackWebhookPublisher.class);
  private static final Duration URL_CACHE = Duration.ofMinutes(5);

  private final Supplier<String> webhookUrl;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final SlackClient slack = new SlackClient();
  private String cachedUrl;
  private Instant cachedUntil = Instant.MIN;

  /**
   * @param webhookUrl reads the secret (the webhook URL) when the cache has expired
   */
  SlackWebhookPublisher(Supplier<String> webhookUrl, DeadLetters deadLetters, Clock clock) {
    this.webhookUrl = webhookUrl;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  @Override
  public void publish(
      Finding finding, String incidentId, long repeatsFolded, List<String> checked) {
    ObjectNode payload = SlackBlocks.message(finding, incidentId, repeatsFolded, checked, false);
    String failure = null;
    for (int attempt = 1; attempt <= 2; attempt++) {
      if (!(slack.postToWebhook(url(), payload) instanceof SlackClient.Reply.Failed failed)) {
        return;
      }
      failure = failed.reason();
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    LOG.warn("Slack alert for incident {} not delivered: {}", incidentId, failure);
    deadLetters.park(
        "{\"incidentId\":\"" + incidentId + "\",\"channel\":\"slack\"}",
        "Slack alert not delivered: " + failure);
  }

  private synchronized String url() {
    Instant now = clock.instant();
    if (cachedUrl == null || now.isAfter(cachedUntil)) {
      cachedUrl = webhookUrl.get().trim();
      cachedUntil = now.plus(URL_CACHE);
    }
    return cachedUrl;
  }
}
