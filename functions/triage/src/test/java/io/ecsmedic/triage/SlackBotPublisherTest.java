package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.aws.audit.SlackThread;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import io.ecsmedic.testing.CapturedLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bot-token Slack channel against a local stand-in for the Slack Web API (Slack itself is out
 * of reach here): a loopback server that records each chat.postMessage and answers as scripted.
 */
class SlackBotPublisherTest {
  private static final String TOKEN = "xoxb-1111-2222-s3cr3tT0kenValue";
  private static final String CHANNEL = "#ecs-alerts";
  private static final String CHANNEL_ID = "C0ALERTS1";
  private static final String HOSTILE = "<!channel> & <@U123>";

  private record Request(String path, String authorization, String contentType, JsonNode body) {}

  /** One scripted answer; {@code echo} sends the request's Authorization header back. */
  private record Answer(int status, String body, String retryAfter, boolean echo) {
    static Answer of(int status, String body) {
      return new Answer(status, body, null, false);
    }
  }

  private HttpServer server;
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger posted = new AtomicInteger();
  private final List<String> parked = new ArrayList<>();
  private final AtomicInteger tokenReads = new AtomicInteger();
  private Supplier<String> token = () -> TOKEN + "\n";
  private final InMemorySlackThreadStore threads = new InMemorySlackThreadStore();
  private final CapturedLog log = new CapturedLog(SlackBotPublisher.class);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/", this::slack);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    log.close();
  }

  private void slack(HttpExchange ex) throws IOException {
    byte[] in = ex.getRequestBody().readAllBytes();
    String authorization = ex.getRequestHeaders().getFirst("Authorization");
    requests.add(
        new Request(
            ex.getRequestURI().getPath(),
            authorization,
            ex.getRequestHeaders().getFirst("Content-Type"),
            Json.MAPPER.readTree(in)));
    Answer a = script.poll();
    if (a == null) {
      a = Answer.of(200, okFor(posted.incrementAndGet()));
    }
    byte[] out = (a.echo() ? "echo: " + authorization : a.body()).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    if (a.retryAfter() != null) {
      ex.getResponseHeaders().add("Retry-After", a.retryAfter());
    }
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  private static String okFor(int n) {
    return "{\"ok\":true,\"channel\":\"" + CHANNEL_ID + "\",\"ts\":\"" + ts(n) + "\"}";
  }

  private static String ts(int n) {
    return "1767225600.00010" + n;
  }

  private SlackBotPublisher publisher() {
    return publisher(Clock.systemUTC());
  }

  private SlackBotPublisher publisher(Clock clock) {
    URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    return new SlackBotPublisher(
        () -> {
          tokenReads.incrementAndGet();
          return token.get();
        },
        CHANNEL,
        api,
        threads,
        clock);
  }

  /** Publishes as triage does; a failed delivery's reason is what triage would park. */
  private void post(SlackBotPublisher slack, Finding finding, String incidentId, long folded) {
    Delivery d = slack.publish(new Alert(finding, incidentId, folded));
    if (!d.delivered()) {
      parked.add(d.failure());
    }
  }

  private List<JsonNode> replies() {
    return requests.stream().map(Request::body).filter(b -> b.has("thread_ts")).toList();
  }

  @Test
  void postsTheAlertWithTheBotTokenToTheChannelAndSavesItsThread() throws Exception {
    post(publisher(), TestFindings.oom(), "inc-1", 0);

    Request r = requests.getFirst();
    assertThat(r.path()).isEqualTo("/api/chat.postMessage");
    assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.body().path("channel").asText()).isEqualTo(CHANNEL);
    assertThat(r.body().path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(r.body().has("thread_ts")).isFalse();
    assertThat(threads.threadOf("inc-1")).contains(new SlackThread(CHANNEL_ID, ts(1)));
    assertThat(parked).isEmpty();
  }

  @Test
  void readsTheTokenOnceWhileCachedAndAgainAfterFiveMinutes() throws Exception {
    TriageHandlerTest.MutableClock clock =
        new TriageHandlerTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    SlackBotPublisher slack = publisher(clock);

    post(slack, TestFindings.oom(), "inc-1", 0);
    post(slack, TestFindings.oom(), "inc-2", 0);
    clock.advance(Duration.ofMinutes(6));
    post(slack, TestFindings.oom(), "inc-3", 0);

    assertThat(requests).hasSize(3);
    assertThat(tokenReads).hasValue(2);
  }

  @Test
  void repliesInTheThreadAtTheFirstRepeatAndAtPowersOfTenOnly() throws Exception {
    SlackBotPublisher slack = publisher();
    Finding oom = TestFindings.oom();
    post(slack, oom, "inc-1", 0);

    for (long n = 2; n <= 1000; n++) {
      slack.repeat(oom, "inc-1", n);
    }

    List<JsonNode> replies = replies();
    assertThat(requests).hasSize(1 + 4);
    assertThat(replies).hasSize(4);
    assertThat(replies)
        .allSatisfy(
            b -> {
              assertThat(b.path("thread_ts").asText()).isEqualTo(ts(1));
              assertThat(b.path("channel").asText()).isEqualTo(CHANNEL_ID);
              assertThat(b.path("reply_broadcast").asBoolean(false)).isFalse();
            });
    assertThat(replies)
        .extracting(b -> b.path("text").asText().replaceAll(" occurrences so far.*", ""))
        .containsExactly(
            "Still happening: 2",
            "Still happening: 10",
            "Still happening: 100",
            "Still happening: 1000");
    assertThat(replies.get(2).path("text").asText())
        .startsWith("Still happening: 100 occurrences so far of OOM");
    assertThat(requests).extracting(Request::authorization).containsOnly("Bearer " + TOKEN);
  }

  @Test
  void repeatsThreeToNineStayQuiet() throws Exception {
    SlackBotPublisher slack = publisher();
    post(slack, TestFindings.oom(), "inc-1", 0);

    for (long n = 3; n <= 9; n++) {
      slack.repeat(TestFindings.oom(), "inc-1", n);
    }

    assertThat(replies()).isEmpty();
  }

  @Test
  void theRepliesFollowTheFirstRepeatAndPowersOfTen() {
    assertThat(SlackBotPublisher.worthAReply(1)).isFalse();
    assertThat(SlackBotPublisher.worthAReply(2)).isTrue();
    assertThat(SlackBotPublisher.worthAReply(20)).isFalse();
    assertThat(SlackBotPublisher.worthAReply(101)).isFalse();
    assertThat(SlackBotPublisher.worthAReply(1_000_000_000_000L)).isTrue();
  }

  @Test
  void anIncidentWithoutAThreadGetsNoReply() throws Exception {
    publisher().repeat(TestFindings.oom(), "inc-never-posted", 10);

    assertThat(requests).isEmpty();
  }

  @Test
  void aHostileFindingIsEscapedInTheReply() throws Exception {
    SlackBotPublisher slack = publisher();
    Finding hostile = TestFindings.withServiceAndSummary(TestFindings.oom(), HOSTILE);
    post(slack, hostile, "inc-1", 0);

    slack.repeat(hostile, "inc-1", 2);

    String text = replies().getFirst().path("text").asText();
    assertThat(text).contains("&lt;!channel&gt; &amp; &lt;@U123&gt;");
    assertThat(text).doesNotContain("<!channel>", "<@U123>", " & ");
    assertThat(requests.getFirst().body().toString()).doesNotContain("<!channel>");
  }

  @Test
  void okFalseIsParkedWithTheErrorCodeAndNotRetried() throws Exception {
    script.add(Answer.of(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"));

    post(publisher(), TestFindings.oom(), "inc-1", 0);

    assertThat(requests).hasSize(1);
    assertThat(parked)
        .singleElement()
        .asString()
        .contains("channel_not_found")
        .doesNotContain(TOKEN);
    assertThat(threads.threads).isEmpty();
  }

  @Test
  void aServerErrorIsRetriedOnceThenParked() throws Exception {
    script.add(Answer.of(500, ""));
    script.add(Answer.of(500, ""));

    assertThatNoException().isThrownBy(() -> post(publisher(), TestFindings.oom(), "inc-1", 0));

    assertThat(requests).hasSize(2);
    assertThat(parked).singleElement().asString().contains("HTTP 500");
    assertThat(threads.threads).isEmpty();
  }

  @Test
  void aServerErrorThenSuccessIsDelivered() throws Exception {
    script.add(Answer.of(503, ""));

    post(publisher(), TestFindings.oom(), "inc-1", 0);

    assertThat(requests).hasSize(2);
    assertThat(parked).isEmpty();
    assertThat(threads.threadOf("inc-1")).isPresent();
  }

  @Test
  void aShortRetryAfterIsWaitedOutOnce() throws Exception {
    script.add(new Answer(429, "", "1", false));

    long start = System.nanoTime();
    post(publisher(), TestFindings.oom(), "inc-1", 0);

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(requests).hasSize(2);
    assertThat(parked).isEmpty();
  }

  @Test
  void aLongRetryAfterIsParkedAtOnce() throws Exception {
    script.add(new Answer(429, "", "30", false));

    post(publisher(), TestFindings.oom(), "inc-1", 0);

    assertThat(requests).hasSize(1);
    assertThat(parked).singleElement().asString().contains("429").contains("Retry-After 30");
  }

  @Test
  void aRefusedTokenIsReadAgainSoARotationTakesEffect() throws Exception {
    Queue<String> secrets = new ConcurrentLinkedQueue<>(List.of("xoxb-rotated-away", TOKEN));
    token = secrets::poll;
    script.add(Answer.of(200, "{\"ok\":false,\"error\":\"invalid_auth\"}"));

    post(publisher(), TestFindings.oom(), "inc-1", 0);

    assertThat(requests)
        .extracting(Request::authorization)
        .containsExactly("Bearer xoxb-rotated-away", "Bearer " + TOKEN);
    assertThat(parked).isEmpty();
  }

  @Test
  void theTokenNeverReachesParkedReasonsOrTheLog() throws Exception {
    SlackBotPublisher slack = publisher();
    // A proxy that echoes the request headers, twice; then Slack refusing the token, twice.
    script.add(new Answer(502, null, null, true));
    script.add(new Answer(502, null, null, true));
    script.add(Answer.of(200, "{\"ok\":false,\"error\":\"token_revoked\"}"));
    script.add(Answer.of(200, "{\"ok\":false,\"error\":\"token_revoked\"}"));

    post(slack, TestFindings.oom(), "inc-1", 0);
    post(slack, TestFindings.oom(), "inc-2", 0);

    assertThat(requests).hasSize(4);
    assertThat(parked).hasSize(2);
    assertThat(parked.getFirst()).contains("HTTP 502", "[redacted]");
    assertThat(parked.get(1)).contains("token_revoked");
    assertThat(String.join("\n", parked) + log.text())
        .doesNotContain(TOKEN)
        .doesNotContain("s3cr3t");
  }

  @Test
  void aFailedReplyIsLoggedAndDroppedNotParked() throws Exception {
    SlackBotPublisher slack = publisher();
    post(slack, TestFindings.oom(), "inc-1", 0);
    script.add(Answer.of(500, "upstream broke"));

    slack.repeat(TestFindings.oom(), "inc-1", 10);

    assertThat(requests).hasSize(2);
    assertThat(parked).isEmpty();
    assertThat(log.lines())
        .anySatisfy(l -> assertThat(l).startsWith("WARN").contains("inc-1", "HTTP 500"));
    assertThat(log.text()).doesNotContain(TOKEN);
  }

  @Test
  void anUnreadableTokenOrStoreNeverFailsTheInvocation() throws Exception {
    token =
        () -> {
          throw new IllegalStateException("Secrets Manager down");
        };
    SlackThreadStore broken =
        new SlackThreadStore() {
          @Override
          public java.util.Optional<SlackThread> threadOf(String incidentId) {
            throw new IllegalStateException("DynamoDB down");
          }

          @Override
          public void saveThread(String incidentId, String channel, String ts) {
            throw new IllegalStateException("DynamoDB down");
          }
        };
    URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");

    SlackBotPublisher noToken = publisher();
    SlackBotPublisher noStore =
        new SlackBotPublisher(() -> TOKEN, CHANNEL, api, broken, Clock.systemUTC());

    assertThatNoException()
        .isThrownBy(
            () -> {
              post(noToken, TestFindings.oom(), "inc-1", 0);
              post(noStore, TestFindings.oom(), "inc-2", 0);
              noStore.repeat(TestFindings.oom(), "inc-2", 2);
            });
    assertThat(parked).singleElement().asString().contains("bot token unavailable");
    assertThat(requests).hasSize(1);
  }
}
