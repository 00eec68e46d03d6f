package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * then parked on the dead-letter queue instead of failing the invocation; a thread reply is
 * cosmetic, so its failure is only logged.
 */
final class SlackBotPublisher implements AlertPublisher {
  static final URI DEFAULT_API_BASE = URI.create("https://slack.com/api/");

  private static final Logger LOG = LoggerFactory.getLogger(SlackBotPublisher.class);
  private static final Duration TOKEN_CACHE = Duration.ofMinutes(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  // Waiting longer would hold the invocation (and the SNS alert already sent) for little gain.
  private static final long MAX_RETRY_AFTER_SECONDS = 2;
  // Slack's answers that a fresh token may cure (the secret was rotated under the cache).
  private static final Set<String> AUTH_ERRORS =
      Set.of("not_authed", "invalid_auth", "token_revoked", "token_expired", "account_inactive");
  private static final Set<String> TRANSIENT_ERRORS =
      Set.of(
          "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");
  private static final String REDACTED = "[redacted]";

  private final Supplier<String> botToken;
  private final String channel;
  private final URI postMessage;
  private final SlackThreadStore threads;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
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
      DeadLetters deadLetters,
      Clock clock) {
    this.botToken = Objects.requireNonNull(botToken, "botToken");
    if (channel == null || channel.isBlank()) {
      throw new IllegalArgumentException("a Slack channel is required");
    }
    this.channel = channel.strip();
    String base = apiBase.toString();
    this.postMessage =
        URI.create(base.endsWith("/") ? base : base + "/").resolve("chat.postMessage");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Against the real Slack Web API. */
  SlackBotPublisher(
      Supplier<String> botToken,
      String channel,
      SlackThreadStore threads,
      DeadLetters deadLetters,
      Clock clock) {
    this(botToken, channel, DEFAULT_API_BASE, threads, deadLetters, clock);
  }

  @Override
  public void publish(
      Finding finding, String incidentId, long repeatsFolded, List<String> checked) {
    ObjectNode payload = SlackBlocks.message(finding, incidentId, repeatsFolded, checked, false);
    payload.put("channel", channel);
    Outcome outcome = send(payload, 2);
    if (outcome instanceof Outcome.Sent sent) {
      rememberThread(incidentId, sent.answer());
      return;
    }
    String failure = ((Outcome.Failed) outcome).reason();
    LOG.warn("Slack alert for incident {} not delivered: {}", incidentId, failure);
    ObjectNode parked = Json.MAPPER.createObjectNode();
    parked.put("incidentId", incidentId);
    parked.put("channel", "slack");
    try {
      deadLetters.park(parked.toString(), "Slack alert not delivered: " + failure);
    } catch (RuntimeException e) {
      // SNS has alerted already; failing the invocation would only send that alert again.
      LOG.error(
          "Slack alert for incident {} lost: could not park it ({})",
          incidentId,
          e.getClass().getSimpleName());
    }
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
    Optional<SlackThreadStore.SlackThread> thread;
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
    if (send(reply, 1) instanceof Outcome.Failed failed) {
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

  private sealed interface Outcome {
    record Sent(JsonNode answer) implements Outcome {}

    /**
     * @param retryAfter how long to wait before trying again; null when another try cannot help
     */
    record Failed(String reason, Duration retryAfter) implements Outcome {}
  }

  private Outcome send(ObjectNode payload, int maxAttempts) {
    String body = payload.toString();
    Outcome outcome = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      outcome = postOnce(body);
      if (!(outcome instanceof Outcome.Failed failed)
          || failed.retryAfter() == null
          || attempt == maxAttempts) {
        break;
      }
      try {
        Thread.sleep(failed.retryAfter());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome.Failed("interrupted while posting to Slack", null);
      }
    }
    return outcome;
  }

  private Outcome postOnce(String body) {
    String token;
    try {
      token = token();
    } catch (RuntimeException e) {
      return new Outcome.Failed(
          "bot token unavailable: " + e.getClass().getSimpleName(), Duration.ZERO);
    }
    if (token.isEmpty()) {
      invalidateToken();
      return new Outcome.Failed("bot token is empty", null);
    }
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(postMessage)
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json; charset=utf-8")
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
    } catch (IllegalArgumentException e) {
      // The message would quote the header; say only that the secret is malformed.
      invalidateToken();
      return new Outcome.Failed("bot token is not a valid header value", null);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new Outcome.Failed(
          "Slack API unreachable: " + e.getClass().getSimpleName(), Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Failed("interrupted while posting to Slack", null);
    }
    return answer(response, token);
  }

  private Outcome answer(HttpResponse<String> response, String token) {
    int status = response.statusCode();
    if (status == 429) {
      Optional<String> header = response.headers().firstValue("Retry-After");
      Long seconds = header.map(SlackBotPublisher::seconds).orElse(null);
      String reason =
          "Slack rate-limited the post (HTTP 429, Retry-After "
              + header.map(h -> clip(redact(h, token), 20)).orElse("missing")
              + ")";
      boolean soon = seconds != null && seconds <= MAX_RETRY_AFTER_SECONDS;
      return new Outcome.Failed(reason, soon ? Duration.ofSeconds(seconds) : null);
    }
    if (status / 100 != 2) {
      boolean transientFailure = status / 100 == 5 || status == 408;
      return new Outcome.Failed(
          "Slack answered HTTP " + status + ": " + clip(redact(response.body(), token), 200),
          transientFailure ? Duration.ZERO : null);
    }
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      return new Outcome.Failed("Slack answered HTTP " + status + " without JSON", null);
    }
    if (answer.path("ok").asBoolean(false)) {
      return new Outcome.Sent(answer);
    }
    String error = clip(redact(answer.path("error").asText("unknown"), token), 100);
    if (AUTH_ERRORS.contains(error)) {
      invalidateToken();
      return new Outcome.Failed("Slack refused the bot token: " + error, Duration.ZERO);
    }
    return new Outcome.Failed(
        "Slack refused the post: " + error,
        TRANSIENT_ERRORS.contains(error) ? Duration.ZERO : null);
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

  /** Null unless a whole number of seconds (Slack does not send the HTTP-date form). */
  private static Long seconds(String retryAfter) {
    try {
      long s = Long.parseLong(retryAfter.strip());
      return s < 0 ? null : s;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whatever Slack or a proxy sent back is not trusted to leave the token out. */
  private static String redact(String s, String token) {
    return token.isEmpty() ? s : s.replace(token, REDACTED);
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
