package io.ecsmedic.triage;

import io.ecsmedic.aws.slack.SlackClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Posts the alert to a Slack incoming webhook as Block Kit. The webhook URL is a credential: it is
 * read from Secrets Manager (cached for a few minutes so a rotation takes effect), parsed strictly
 * ({@link WebhookSecret}), never taken from the template or the environment, and never logged.
 *
 * <p>Slack is a second channel beside SNS: this never throws. A secret that cannot be read
 * (throttled, denied) or is malformed, and a post Slack refuses twice, come back as a failed {@link
 * Delivery} whose reason names what failed and never the URL; triage audits and parks it.
 */
final class SlackWebhookPublisher implements AlertPublisher {
  private static final Duration URL_CACHE = Duration.ofMinutes(5);

  private final Supplier<String> secret;
  private final String base;
  private final Clock clock;
  private final SlackClient slack = new SlackClient();
  private String cachedUrl;
  private Instant cachedUntil = Instant.MIN;

  /**
   * @param secret reads the secret (the webhook URL) when the cache has expired
   * @param base the only URL prefix accepted, {@link WebhookSecret#SLACK_HOOKS} outside tests
   */
  SlackWebhookPublisher(Supplier<String> secret, String base, Clock clock) {
    this.secret = secret;
    this.base = base;
    this.clock = clock;
  }

  @Override
  public Delivery publish(Alert alert) {
    String url;
    try {
      url = url();
    } catch (WebhookSecret.MalformedSecretException e) {
      return Delivery.failed("Slack alert not delivered: " + e.getMessage());
    } catch (RuntimeException e) {
      // The SDK's message names the secret's ARN at most; the class says enough (throttled,
      // denied).
      return Delivery.failed(
          "Slack alert not delivered: webhook secret unreadable: " + e.getClass().getSimpleName());
    }
    String failure = null;
    for (int attempt = 1; attempt <= 2; attempt++) {
      if (!(slack.postToWebhook(url, SlackAlert.payload(alert))
          instanceof SlackClient.Reply.Failed failed)) {
        return Delivery.DELIVERED;
      }
      failure = failed.reason();
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    return Delivery.failed("Slack alert not delivered: " + failure);
  }

  /** A malformed secret is not cached: the fix (a corrected secret) takes effect at once. */
  private synchronized String url() {
    Instant now = clock.instant();
    if (cachedUrl == null || now.isAfter(cachedUntil)) {
      cachedUrl = WebhookSecret.url(secret.get(), base);
      cachedUntil = now.plus(URL_CACHE);
    }
    return cachedUrl;
  }
}
