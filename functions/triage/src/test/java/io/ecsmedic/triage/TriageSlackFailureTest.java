package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.CapturedLog;
import io.ecsmedic.testing.Fixtures;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Slack is a second channel: whatever goes wrong with it (the secret unreadable, throttled or
 * malformed; Slack answering 500), SNS is published exactly once, the workflow starts, and the
 * failure is audited and parked with a reason that never holds the webhook URL. Neither does any
 * log line.
 */
class TriageSlackFailureTest {
  private static final String TOKEN = "T0SECRET/B0SECRET/xyzzyWebhookToken";

  private HttpServer slack;
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger posts = new AtomicInteger();
  private final Ports ports = new Ports();
  private final List<CapturedLog> logs =
      List.of(
          new CapturedLog(Triage.class),
          new CapturedLog(SlackWebhookPublisher.class),
          new CapturedLog(TriageHandler.class));

  @BeforeEach
  void start() throws Exception {
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext(
        "/services/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          posts.incrementAndGet();
          ex.sendResponseHeaders(status.get(), -1);
          ex.close();
        });
    slack.start();
  }

  @AfterEach
  void stop() {
    slack.stop(0);
    logs.forEach(CapturedLog::close);
  }

  private String base() {
    return "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/";
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("a key/value secret", secret(url -> "{\"url\":\"" + url + "\"}"), 200),
        Arguments.of("a trailing comment", secret(url -> url + " # prod alerts"), 200),
        Arguments.of("a tab inside", secret(url -> url.replace("/xyzzy", "/\txyzzy")), 200),
        Arguments.of(
            "a throttled GetSecretValue",
            (java.util.function.Function<String, Supplier<String>>)
                url ->
                    () -> {
                      throw (SecretsManagerException)
                          SecretsManagerException.builder()
                              .message("Rate exceeded")
                              .statusCode(400)
                              .build();
                    },
            200),
        Arguments.of("Slack answering 500", secret(url -> url), 500));
  }

  private static java.util.function.Function<String, Supplier<String>> secret(
      java.util.function.UnaryOperator<String> shape) {
    return url -> () -> shape.apply(url);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void snsOnceTheWorkflowStartsAndTheFailureIsAuditedWithoutTheUrl(
      String what, java.util.function.Function<String, Supplier<String>> secret, int answer)
      throws Exception {
    status.set(answer);
    String url = base() + TOKEN;
    ports.slack = new SlackWebhookPublisher(secret.apply(url), base(), Clock.systemUTC());
    ObjectNode event =
        (ObjectNode)
            Json.MAPPER.readTree(Fixtures.read("task-state-change/oom-container-limit.json"));
    event.put("id", "e-slack");

    JsonNode result = TestTriage.invoke(ports.handler(), Json.MAPPER.writeValueAsBytes(event));

    assertThat(result.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(ports.sent).as("SNS").hasSize(1);
    assertThat(ports.started).as("the workflow").hasSize(1);
    assertThat(ports.decisions()).containsExactly("NOTIFIED", "SLACK_NOT_DELIVERED");
    AuditRecord slackRecord = ports.audit.records.get(1);
    assertThat(slackRecord.detail()).startsWith("Slack alert not delivered: ");
    assertThat(ports.parked)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.eventId()).isEqualTo("e-slack");
              assertThat(Json.MAPPER.readTree(p.payload()).path("incidentId").asText())
                  .isEqualTo(result.get("incidentId").asText());
              assertThat(p.reason()).isEqualTo(slackRecord.detail());
            });
    String everything =
        result
            + "\n"
            + ports.parked
            + "\n"
            + ports.audit.records
            + "\n"
            + String.join("\n", logs.stream().map(CapturedLog::text).toList());
    assertThat(logs.getFirst().lines()).isNotEmpty();
    assertThat(everything).doesNotContain(TOKEN).doesNotContain("xyzzy").doesNotContain("SECRET/");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void aMalformedSecretIsDescribedNeverQuoted(
      String what, java.util.function.Function<String, Supplier<String>> secret, int answer) {
    String value;
    try {
      value = secret.apply(base() + TOKEN).get();
    } catch (RuntimeException e) {
      return; // the throttled read has no value to describe
    }
    if (answer != 200 || value.equals(base() + TOKEN)) {
      return;
    }
    try {
      WebhookSecret.url(value, base());
      throw new AssertionError(what + " was accepted");
    } catch (WebhookSecret.MalformedSecretException e) {
      assertThat(e.getMessage())
          .startsWith("malformed webhook secret (" + value.length() + " characters, starts with '")
          .doesNotContain(TOKEN)
          .doesNotContain("xyzzy");
    }
  }
}
