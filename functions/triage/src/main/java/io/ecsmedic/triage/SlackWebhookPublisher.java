package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;
import io.ecsmedic.notify.SlackBlocks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Supplier<String> webhookUrl;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
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
    String payload =
        SlackBlocks.message(finding, incidentId, repeatsFolded, checked, false).toString();
    String failure = null;
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url()))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          return;
        }
        failure = "Slack answered HTTP " + response.statusCode() + ": " + clip(response.body());
      } catch (IOException e) {
        failure = "Slack webhook unreachable: " + e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted while posting to Slack";
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

  private static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
