package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * With a bot token, the first occurrence of an incident is a Slack message and repeats are counted
 * in its thread instead of paging again. Slack is out of reach here, so its Web API is a local
 * receiver (docs/local-stack.md) that answers like chat.postMessage; the rest is the deployed
 * stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriageSlackBotIT {
  private static final String TOKEN = "xoxb-local-test-token";
  private static final String CHANNEL_ID = "C0ONCALL";

  private record Post(String authorization, JsonNode body) {}

  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private HttpServer slack;
  private LocalStackSession stack;

  @BeforeAll
  void deploy() throws Exception {
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext(
        "/api/chat.postMessage",
        exchange -> {
          posts.add(
              new Post(
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes())));
          byte[] answer =
              ("{\"ok\":true,\"channel\":\""
                      + CHANNEL_ID
                      + "\",\"ts\":\"1700000000.0001"
                      + posts.size()
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    slack.start();
    String api = "http://127.0.0.1:" + slack.getAddress().getPort() + "/api/";
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-slack-bot",
            aws -> {
              String arn =
                  aws.client(SecretsManagerClient.builder())
                      .createSecret(r -> r.name("ecs-medic/slack-bot-token").secretString(TOKEN))
                      .arn();
              return Map.of(
                  "SlackBotTokenSecretArn", arn,
                  "SlackChannel", "#oncall",
                  "SlackApiBaseUrl", api,
                  "Mode", "PROPOSE",
                  "CliApprovals", "Enabled");
            });
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
    if (slack != null) {
      slack.stop(0);
    }
  }

  @Test
  void repeatsOfAnIncidentAreCountedInItsThreadNotPagedAgain() throws Exception {
    JsonNode event = Fixtures.event("task-state-change/oom-container-limit.json");
    // The alert first: a repeat that races the alert's own post has no thread to reply in yet
    // (it is still counted, and the next milestone reply carries the count).
    List<LocalStackSession.Sent> sent = new ArrayList<>(stack.putEvents(List.of(event)));
    List<JsonNode> alerts = stack.alerts(1, Duration.ofSeconds(30));
    awaitPosts(1, Duration.ofSeconds(10));
    List<JsonNode> repeats = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      repeats.add(event);
    }
    sent.addAll(stack.putEvents(repeats, Duration.ofSeconds(3)));
    alerts.addAll(stack.alerts(0, Duration.ofSeconds(5)));
    awaitPosts(3, Duration.ofSeconds(20));

    assertThat(sent).allSatisfy(s -> assertThat(s.error()).isNull());
    assertThat(alerts).as("SNS pages once").hasSize(1);
    assertThat(posts).allSatisfy(p -> assertThat(p.authorization()).isEqualTo("Bearer " + TOKEN));
    List<JsonNode> topLevel =
        posts.stream().map(Post::body).filter(b -> !b.has("thread_ts")).toList();
    List<JsonNode> replies =
        posts.stream().map(Post::body).filter(b -> b.has("thread_ts")).toList();
    assertThat(topLevel)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.path("channel").asText()).isEqualTo("#oncall");
              assertThat(b.path("blocks")).isNotEmpty();
            });
    assertThat(replies)
        .as("replies at the 2nd and 10th occurrence only, in the alert's thread")
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.path("thread_ts").asText()).isEqualTo("1700000000.00011");
              assertThat(r.path("channel").asText()).isEqualTo(CHANNEL_ID);
            });
    assertThat(replies.stream().map(r -> r.path("text").asText()))
        .anySatisfy(t -> assertThat(t).contains("2 occurrences"))
        .anySatisfy(t -> assertThat(t).contains("10 occurrences"));
    assertThat(stack.host.invocations())
        .allSatisfy(i -> assertThat(i.result()).doesNotContain(TOKEN));
  }

  private void awaitPosts(int atLeast, Duration max) throws InterruptedException {
    Instant deadline = Instant.now().plus(max);
    while (posts.size() < atLeast && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    Thread.sleep(1000); // and nothing more arrives
  }
}
