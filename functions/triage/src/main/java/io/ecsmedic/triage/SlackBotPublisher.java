package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.SlackThread;
import io.ecsmedic.aws.slack.SlackClient;
import io.ecsmedic.model.Finding;
import io.ecsmedic.notify.SlackBlocks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the alert to Slack with a bot token (chat.postMessage), so that the incident gets a thread:
 * the first alert's message id ({@code ts}) is saved, and repeats inside the notification window
 * are counted in that thread at the first repeat and at 10, 100, 1000, … occurrences, never once
 * per repeat.
 *
 * <p>The token is a credential: it is read from Secrets Manager (cached for a few minutes so a
 * rotation takes effect, and dropped at once when Slack refuses it), and never logged, put in an
 * exception or parked. As with the webhook, an alert that Slack does not take is retried once and
 * then answered as a failed {@link Delivery} (triage audits and parks it); nothing here throws. A
 * thread reply is cosmetic, so its failure is only logged.
 */
final class SlackBotPublisher implements AlertPublisher {
  static final URI DEFAULT_API_BASE = SlackClient.WEB_API;

  private static final Logger LOG = LoggerFactory.getLogger(SlackBotPublisher.class);
  private static final Duration TOKEN_CACHE = Duration.ofMinutes(5);
  // Waiting longer would hold the invocation (and the SNS alert already sent) for little gain.
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(2);

  private final Supplier<String> botToken;
  private final String channel;
  private final URI apiBase;
  private final SlackThreadStore threads;
  private final Clock clock;
  private final SlackClient slack = new SlackClient();
  private String cachedToken;
  private Instant cachedUntil = Instant.MIN;

  /**
   * @param botToken reads the secret (an {@code xoxb-} bot token) when the cache has expired
   * @param channel the channel id or name alerts are posted to; the bot must be a member
   * @param apiBase the Slack Web API base, {@link #DEFAULT_API_BASE} outside tests
   * @param threads where the first alert's message is remembered for thread replies
   */
  SlackBotPublisher(
      Supplier<String> botToken,
      String channel,
      URI apiBase,
      SlackThreadStore threads,
      Clock clock) {
    this.botToken = Objects.requireNonNull(botToken, "botToken");
    if (channel == null || channel.isBlank()) {
      throw new IllegalArgumentException("a Slack channel is required");
    }
    this.channel = channel.strip();
    this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Delivery publish(Alert alert) {
    ObjectNode payload = SlackAlert.payload(alert);
    payload.put("channel", channel);
    SlackClient.Reply reply = send(payload, 2);
    if (reply instanceof SlackClient.Reply.Delivered delivered) {
      rememberThread(alert.incidentId(), delivered.answer());
      return Delivery.DELIVERED;
    }
    return Delivery.failed(
        "Slack alert not delivered: " + ((SlackClient.Reply.Failed) reply).reason());
  }

  /**
   * Counts the repeat in the incident's thread at the first repeat and at every power of ten, so
   * that a storm of a thousand repeats makes four replies.
   */
  @Override
  public void repeat(Finding finding, String incidentId, long occurrences) {
    if (!worthAReply(occurrences)) {
      return;
    }
    Optional<SlackThread> thread;
    try {
      thread = threads.threadOf(incidentId);
    } catch (RuntimeException e) {
      LOG.warn("Slack thread of incident {} unknown: {}", incidentId, e.toString());
      return;
    }
    if (thread.isEmpty()) {
      return;
    }
    // threadReply escapes the finding's text, which would otherwise be read as mentions.
    ObjectNode reply = SlackBlocks.threadReply(finding, incidentId, occurrences);
    reply.put("text", "Still happening: " + reply.path("text").asText());
    reply.put("channel", thread.get().channel());
    reply.put("thread_ts", thread.get().ts());
    reply.put("unfurl_links", false);
    reply.put("unfurl_media", false);
    if (send(reply, 1) instanceof SlackClient.Reply.Failed failed) {
      LOG.warn(
          "Slack thread reply for incident {} ({} occurrences) dropped: {}",
          incidentId,
          occurrences,
          failed.reason());
    }
  }

  /** 2 (the first repeat), 10, 100, 1000, … */
  static boolean worthAReply(long occurrences) {
    if (occurrences == 2) {
      return true;
    }
    if (occurrences < 10) {
      return false;
    }
    long n = occurrences;
    while (n % 10 == 0) {
      n /= 10;
    }
    return n == 1;
  }

  private void rememberThread(String incidentId, JsonNode answer) {
    String ts = answer.path("ts").asText("");
    String postedTo = answer.path("channel").asText("");
    if (ts.isBlank()) {
      LOG.warn("Slack took the alert for incident {} but gave no ts: no thread", incidentId);
      return;
    }
    try {
      threads.saveThread(incidentId, postedTo.isBlank() ? channel : postedTo, ts);
    } catch (RuntimeException e) {
      LOG.warn("Slack thread of incident {} not saved: {}", incidentId, e.toString());
    }
  }

  /** Posts with up to {@code maxAttempts} tries, while another try can help soon enough. */
  private SlackClient.Reply send(ObjectNode payload, int maxAttempts) {
    SlackClient.Reply reply = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      reply = postOnce(payload);
      if (!(reply instanceof SlackClient.Reply.Failed failed)
          || failed.retryAfter() == null
          || failed.retryAfter().compareTo(MAX_RETRY_AFTER) > 0
          || attempt == maxAttempts) {
        break;
      }
      try {
        Thread.sleep(failed.retryAfter());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new SlackClient.Reply.Failed("interrupted while posting to Slack", null, false);
      }
    }
    return reply;
  }

  private SlackClient.Reply postOnce(ObjectNode payload) {
    String token;
    try {
      token = token();
    } catch (RuntimeException e) {
      return new SlackClient.Reply.Failed(
          "bot token unavailable: " + e.getClass().getSimpleName(), Duration.ZERO, false);
    }
    SlackClient.Reply reply = slack.callApi(apiBase, "chat.postMessage", token, payload);
    if (reply instanceof SlackClient.Reply.Failed failed && failed.credentialRefused()) {
      invalidateToken();
    }
    return reply;
  }

  private synchronized String token() {
    Instant now = clock.instant();
    if (cachedToken == null || now.isAfter(cachedUntil)) {
      String read = botToken.get();
      cachedToken = read == null ? "" : read.strip();
      cachedUntil = now.plus(TOKEN_CACHE);
    }
    return cachedToken;
  }

  private synchronized void invalidateToken() {
    cachedToken = null;
  }
}
