package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts replies to Slack's response URLs. The URL comes from a request whose signature was checked,
 * and is still only followed when it is on Slack's hooks host: the function never posts wherever a
 * payload points. The URL is a credential for 30 minutes and is never logged.
 *
 * <p>The whole exchange has to fit in Slack's 3-second acknowledgement budget, hence the short
 * timeout.
 */
final class SlackResponseUrl implements SlackResponder {
  private static final Logger LOG = LoggerFactory.getLogger(SlackResponseUrl.class);
  static final String SLACK_HOOKS = "https://hooks.slack.com/";
  private static final Duration TIMEOUT = Duration.ofMillis(1500);

  private final String allowedPrefix;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

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
    if (responseUrl == null || !responseUrl.startsWith(allowedPrefix)) {
      LOG.warn("no reply in Slack: the response_url is not on {}", allowedPrefix);
      return;
    }
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(responseUrl))
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/json; charset=utf-8")
                  .POST(HttpRequest.BodyPublishers.ofString(message.toString()))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        LOG.warn("Slack refused the reply: HTTP {}", response.statusCode());
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("no reply in Slack: {}", e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("no reply in Slack: interrupted");
    }
  }
}
