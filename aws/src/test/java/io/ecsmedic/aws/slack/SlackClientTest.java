package io.ecsmedic.aws.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one Slack HTTP client against a local stand-in for Slack (Slack itself is out of reach here):
 * a loopback server that records each request and answers as scripted.
 */
class SlackClientTest {
  private static final String TOKEN = "xoxb-1111-2222-s3cr3tT0kenValue";
  private static final String HOOK_PATH = "/services/T000/B000/s3cr3tWebhookPath";

  private record Request(String path, String authorization, String body) {}

  /** One scripted answer; {@code echo} answers the request's path and Authorization header. */
  private record Answer(int status, String body, String retryAfter, String location, boolean echo) {
    static Answer of(int status, String body) {
      return new Answer(status, body, null, null, false);
    }
  }

  private HttpServer server;
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final SlackClient slack = new SlackClient();
  private final ObjectNode message = Json.MAPPER.createObjectNode().put("text", "hello");

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange ex) throws IOException {
    String authorization = ex.getRequestHeaders().getFirst("Authorization");
    String path = ex.getRequestURI().getPath();
    requests.add(
        new Request(
            path,
            authorization,
            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    Answer a = script.poll();
    if (a == null) {
      a = Answer.of(200, "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}");
    }
    byte[] out =
        (a.echo() ? "echo: " + path + " " + authorization : a.body())
            .getBytes(StandardCharsets.UTF_8);
    if (a.retryAfter() != null) {
      ex.getResponseHeaders().add("Retry-After", a.retryAfter());
    }
    if (a.location() != null) {
      ex.getResponseHeaders().add("Location", a.location());
    }
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private URI api() {
    return URI.create(base() + "/api");
  }

  private static SlackClient.Reply.Failed failed(SlackClient.Reply reply) {
    assertThat(reply).isInstanceOf(SlackClient.Reply.Failed.class);
    return (SlackClient.Reply.Failed) reply;
  }

  @Test
  void callsAWebApiMethodWithTheBotTokenAndReturnsSlacksAnswer() {
    SlackClient.Reply reply = slack.callApi(api(), "chat.postMessage", TOKEN + "\n", message);

    assertThat(reply).isInstanceOf(SlackClient.Reply.Delivered.class);
    assertThat(((SlackClient.Reply.Delivered) reply).answer().path("ts").asText()).isEqualTo("1.2");
    Request r = requests.getFirst();
    assertThat(r.path()).isEqualTo("/api/chat.postMessage");
    assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(r.body()).isEqualTo("{\"text\":\"hello\"}");

    slack.callApi(URI.create(base() + "/api/"), "chat.update", TOKEN, message);
    assertThat(requests.get(1).path()).isEqualTo("/api/chat.update");
  }

  @Test
  void okFalseIsAFailureNamingSlacksErrorThatNoRetryCures() {
    script.add(Answer.of(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"));

    SlackClient.Reply.Failed f = failed(slack.callApi(api(), "chat.postMessage", TOKEN, message));

    assertThat(f.reason()).isEqualTo("Slack refused the post: channel_not_found");
    assertThat(f.retryAfter()).isNull();
    assertThat(f.credentialRefused()).isFalse();
  }

  @Test
  void aRefusedTokenSaysSoAndMayBeRetriedWithAFreshOne() {
    script.add(Answer.of(200, "{\"ok\":false,\"error\":\"invalid_auth\"}"));

    SlackClient.Reply.Failed f = failed(slack.callApi(api(), "chat.postMessage", TOKEN, message));

    assertThat(f.reason()).contains("invalid_auth");
    assertThat(f.credentialRefused()).isTrue();
    assertThat(f.retryAfter()).isEqualTo(Duration.ZERO);
    assertThat(failed(slack.callApi(api(), "chat.postMessage", " ", message)).credentialRefused())
        .isTrue();
  }

  @Test
  void serverErrorsAndTransientErrorsMayBeRetriedAtOnce() {
    script.add(Answer.of(503, "down"));
    script.add(Answer.of(200, "{\"ok\":false,\"error\":\"ratelimited\"}"));
    script.add(Answer.of(400, "bad"));

    assertThat(failed(slack.callApi(api(), "m", TOKEN, message)))
        .satisfies(f -> assertThat(f.reason()).isEqualTo("Slack answered HTTP 503: down"))
        .satisfies(f -> assertThat(f.retryAfter()).isEqualTo(Duration.ZERO));
    assertThat(failed(slack.callApi(api(), "m", TOKEN, message)).retryAfter())
        .isEqualTo(Duration.ZERO);
    assertThat(failed(slack.callApi(api(), "m", TOKEN, message)).retryAfter()).isNull();
  }

  @Test
  void aRateLimitCarriesSlacksRetryAfter() {
    script.add(new Answer(429, "", "7", null, false));
    script.add(new Answer(429, "", null, null, false));

    SlackClient.Reply.Failed f = failed(slack.postToWebhook(base() + HOOK_PATH, message));
    SlackClient.Reply.Failed missing = failed(slack.postToWebhook(base() + HOOK_PATH, message));

    assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(f.reason()).contains("HTTP 429", "Retry-After 7");
    assertThat(missing.retryAfter()).isNull();
    assertThat(missing.reason()).contains("Retry-After missing");
  }

  @Test
  void postsToAWebhookWhoseAnswerIsPlainText() {
    script.add(Answer.of(200, "ok"));

    SlackClient.Reply reply = slack.postToWebhook(" " + base() + HOOK_PATH + "\n", message);

    assertThat(reply).isInstanceOf(SlackClient.Reply.Delivered.class);
    assertThat(requests.getFirst().path()).isEqualTo(HOOK_PATH);
    assertThat(requests.getFirst().authorization()).isNull();
  }

  @Test
  void neitherTheTokenNorTheWebhookPathEverReachesAReason() {
    script.add(new Answer(502, null, null, null, true));
    script.add(new Answer(502, null, null, null, true));

    String viaApi = failed(slack.callApi(api(), "chat.postMessage", TOKEN, message)).reason();
    String viaHook = failed(slack.postToWebhook(base() + HOOK_PATH, message)).reason();
    String badUrl = failed(slack.postToWebhook("http://exa mple/" + HOOK_PATH, message)).reason();
    String badToken = failed(slack.callApi(api(), "m", "xoxb-\nnewline", message)).reason();

    assertThat(viaApi).contains("HTTP 502", "[redacted]").doesNotContain("s3cr3t");
    assertThat(viaHook).contains("HTTP 502", "[redacted]").doesNotContain("s3cr3t");
    assertThat(badUrl).isEqualTo("not a valid URL");
    assertThat(badToken).isEqualTo("bot token is not a valid header value");
  }

  @Test
  void aRedirectIsNeverFollowed() {
    script.add(new Answer(302, "", null, base() + "/elsewhere", false));

    SlackClient.Reply.Failed f = failed(slack.postToWebhook(base() + HOOK_PATH, message));

    assertThat(f.reason()).startsWith("Slack answered HTTP 302");
    assertThat(requests).extracting(Request::path).containsExactly(HOOK_PATH);
  }

  @Test
  void repliesOnlyToAResponseUrlUnderTheAllowedPrefix() {
    String allowed = base() + "/actions/";

    SlackClient.Reply ok = slack.replyTo(allowed + "T1/1/x", allowed, message);
    SlackClient.Reply elsewhere = slack.replyTo(base() + "/other", allowed, message);
    SlackClient.Reply none = slack.replyTo(null, allowed, message);

    assertThat(ok).isInstanceOf(SlackClient.Reply.Delivered.class);
    assertThat(failed(elsewhere).reason()).isEqualTo("the response_url is not on " + allowed);
    assertThat(none).isInstanceOf(SlackClient.Reply.Failed.class);
    assertThat(requests).extracting(Request::path).containsExactly("/actions/T1/1/x");
  }

  @Test
  void anUnreachableSlackIsAFailureWorthAnotherTry() {
    server.stop(0);

    SlackClient.Reply.Failed f = failed(slack.postToWebhook(base() + HOOK_PATH, message));

    assertThat(f.reason()).startsWith("Slack unreachable: ").doesNotContain("s3cr3t");
    assertThat(f.retryAfter()).isEqualTo(Duration.ZERO);
  }
}
