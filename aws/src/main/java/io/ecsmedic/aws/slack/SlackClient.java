package io.ecsmedic.aws.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Every Slack HTTP call ecs-medic makes: an incoming-webhook post, a Web API method with a bot
 * token ({@code chat.postMessage}, {@code chat.update}), and a reply to an interaction's {@code
 * response_url}. One exchange per call; retrying, caching secrets and parking what failed are the
 * caller's policy, decided from the {@link Reply}.
 *
 * <p>The webhook URL, the response URL and the bot token are credentials. None of them ever appears
 * in a {@link Reply.Failed#reason()} (which callers log and park): a reason names what failed and
 * quotes Slack's answer only with the credential cut out. Redirects are never followed, so a
 * credential is never sent to a host other than the one configured.
 */
public final class SlackClient {
  /** The Slack Web API, outside tests. */
  public static final URI WEB_API = URI.create("https://slack.com/api/");

  /**
   * How long one call may take, connecting included. Slack is a second channel beside SNS: waiting
   * longer would hold the invocation for little gain.
   */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * The timeout of a {@code response_url} reply: the whole exchange with Slack has to fit in its
   * 3-second acknowledgement budget.
   */
  public static final Duration REPLY_TIMEOUT = Duration.ofMillis(1500);

  private static final String REDACTED = "[redacted]";

  /** Slack's answers that a fresh token may cure (the secret was rotated under a cache). */
  private static final Set<String> AUTH_ERRORS =
      Set.of("not_authed", "invalid_auth", "token_revoked", "token_expired", "account_inactive");

  /** Slack's answers that the same call may get past a moment later. */
  private static final Set<String> TRANSIENT_ERRORS =
      Set.of(
          "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

  /** What Slack made of one call. */
  public sealed interface Reply {
    /**
     * Slack took it.
     *
     * @param answer the Web API's JSON answer ({@code ts}, {@code channel}, …); an empty object for
     *     webhooks and replies, which answer plain text
     */
    record Delivered(JsonNode answer) implements Reply {}

    /**
     * Slack did not take it.
     *
     * @param reason what failed, fit for a log line: never a URL or token
     * @param retryAfter when another try may help, how long to wait first ({@link Duration#ZERO}:
     *     at once); null when it cannot help
     * @param credentialRefused Slack refused the bot token: a caller caching it should read it
     *     again
     */
    record Failed(String reason, Duration retryAfter, boolean credentialRefused) implements Reply {}
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * Posts a message to an incoming webhook. Webhooks answer 200 {@code ok}, or an HTTP error with a
   * short text.
   */
  public Reply postToWebhook(String webhookUrl, ObjectNode message) {
    String url = webhookUrl == null ? "" : webhookUrl.strip();
    return exchange(url, message, null, TIMEOUT, false, url);
  }

  /**
   * Calls a Web API method with a bot token, e.g. {@code chat.postMessage} or {@code chat.update}
   * (for a thread reply, the message carries {@code thread_ts}). The answer is Slack's JSON, whose
   * {@code ok} decides.
   *
   * @param apiBase the Web API base, {@link #WEB_API} outside tests
   */
  public Reply callApi(URI apiBase, String method, String botToken, ObjectNode message) {
    String token = botToken == null ? "" : botToken.strip();
    if (token.isEmpty()) {
      return new Reply.Failed("bot token is empty", null, true);
    }
    String base = apiBase.toString();
    String url = (base.endsWith("/") ? base : base + "/") + method;
    return exchange(url, message, "Bearer " + token, TIMEOUT, true, token);
  }

  /**
   * Replies through an interaction's {@code response_url}. Only followed when it starts with {@code
   * allowedPrefix} (Slack's hooks host outside tests): the function never posts wherever a payload
   * points.
   */
  public Reply replyTo(String responseUrl, String allowedPrefix, ObjectNode message) {
    if (responseUrl == null || !responseUrl.startsWith(allowedPrefix)) {
      return new Reply.Failed("the response_url is not on " + allowedPrefix, null, false);
    }
    return exchange(responseUrl, message, null, REPLY_TIMEOUT, false, responseUrl);
  }

  private Reply exchange(
      String url,
      ObjectNode message,
      String authorization,
      Duration timeout,
      boolean jsonAnswer,
      String secret) {
    HttpRequest request;
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(timeout)
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(message.toString()));
      if (authorization != null) {
        builder.header("Authorization", authorization);
      }
      request = builder.build();
    } catch (IllegalArgumentException e) {
      // The exception's message would quote the URL or the header: say only which is malformed.
      return new Reply.Failed(
          authorization != null ? "bot token is not a valid header value" : "not a valid URL",
          null,
          authorization != null);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new Reply.Failed(
          "Slack unreachable: " + e.getClass().getSimpleName(), Duration.ZERO, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply.Failed("interrupted while posting to Slack", null, false);
    }
    return read(response, jsonAnswer, secret);
  }

  /** Slack's answer: HTTP status first, then (Web API only) {@code {"ok": false, "error": …}}. */
  private static Reply read(HttpResponse<String> response, boolean jsonAnswer, String secret) {
    int status = response.statusCode();
    if (status == 429) {
      Optional<String> header = response.headers().firstValue("Retry-After");
      Duration wait = header.map(SlackClient::seconds).orElse(null);
      return new Reply.Failed(
          "Slack rate-limited the post (HTTP 429, Retry-After "
              + header.map(h -> clip(redact(h, secret), 20)).orElse("missing")
              + ")",
          wait,
          false);
    }
    if (status / 100 != 2) {
      boolean transientFailure = status / 100 == 5 || status == 408;
      return new Reply.Failed(
          "Slack answered HTTP " + status + ": " + clip(redact(response.body(), secret), 200),
          transientFailure ? Duration.ZERO : null,
          false);
    }
    if (!jsonAnswer) {
      return new Reply.Delivered(Json.MAPPER.createObjectNode());
    }
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      return new Reply.Failed("Slack answered HTTP " + status + " without JSON", null, false);
    }
    if (answer.path("ok").asBoolean(false)) {
      return new Reply.Delivered(answer);
    }
    String error = clip(redact(answer.path("error").asText("unknown"), secret), 100);
    if (AUTH_ERRORS.contains(error)) {
      return new Reply.Failed("Slack refused the bot token: " + error, Duration.ZERO, true);
    }
    return new Reply.Failed(
        "Slack refused the post: " + error,
        TRANSIENT_ERRORS.contains(error) ? Duration.ZERO : null,
        false);
  }

  /** Null unless a whole number of seconds (Slack does not send the HTTP-date form). */
  private static Duration seconds(String retryAfter) {
    try {
      long s = Long.parseLong(retryAfter.strip());
      return s < 0 ? null : Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whatever Slack or a proxy sent back is not trusted to leave the credential out. */
  static String redact(String text, String secret) {
    if (text == null) {
      return "";
    }
    if (secret == null || secret.isEmpty()) {
      return text;
    }
    String out = text.replace(secret, REDACTED);
    // A webhook's path is its secret: a proxy may echo the path without scheme and host.
    int path = secret.indexOf("://") < 0 ? -1 : secret.indexOf('/', secret.indexOf("://") + 3);
    if (path > 0 && path < secret.length() - 1) {
      out = out.replace(secret.substring(path), REDACTED);
    }
    return out;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
