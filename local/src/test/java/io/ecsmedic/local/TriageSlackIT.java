package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Alerts reach Slack as Block Kit through an incoming webhook whose URL lives in Secrets Manager.
 * Slack itself is out of reach here, so the webhook is a local HTTP receiver (docs/local-stack.md)
 * that records what it gets; everything else is the deployed stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriageSlackIT {
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private HttpServer slack;
  private LocalStackSession stack;

  @BeforeAll
  void deploy() throws Exception {
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext(
        "/services/T000/B000/XXXX",
        exchange -> {
          received.add(Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, 2);
          exchange.getResponseBody().write("ok".getBytes());
          exchange.close();
        });
    slack.start();
    String webhook =
        "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T000/B000/XXXX";
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-slack",
            aws -> {
              String arn =
                  aws.client(SecretsManagerClient.builder())
                      .createSecret(r -> r.name("ecs-medic/slack-webhook").secretString(webhook))
                      .arn();
              return java.util.Map.of(
                  "SlackWebhookSecretArn",
                  arn,
                  "SlackWebhookBaseUrl",
                  "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/",
                  "Mode",
                  "PROPOSE",
                  "CliApprovals",
                  "Enabled");
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
  void anAlertArrivesInSlackAsBlockKitWithTheFixAndWithoutContainerSecrets() throws Exception {
    String secret = "hunter2-from-the-task-environment";
    ObjectNode event = Fixtures.event("task-state-change/oom-container-limit.json").deepCopy();
    ObjectNode override =
        ((ObjectNode) event.get("detail"))
            .with("overrides")
            .withArray("containerOverrides")
            .addObject();
    override.put("name", "app");
    override.withArray("environment").addObject().put("name", "DB_PASSWORD").put("value", secret);

    stack.putEvents(List.of(event));
    List<JsonNode> alerts = stack.alerts(1, Duration.ofSeconds(30));
    Instant deadline = Instant.now().plusSeconds(30);
    while (received.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }

    assertThat(alerts).hasSize(1);
    assertThat(received)
        .as("Slack payloads (triage invocations: %s)", stack.host.invocations())
        .hasSize(1);
    JsonNode message = received.getFirst();
    assertThat(message.path("text").asText()).contains("OOM / CONTAINER_LIMIT");
    assertThat(message.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(message.toString())
        .contains("RAISE_MEMORY")
        .contains("OOM.md#container_limit")
        .contains(alerts.getFirst().path("incidentId").asText())
        .doesNotContain(secret);
    assertThat(alerts.getFirst().toString()).doesNotContain(secret);
  }
}
