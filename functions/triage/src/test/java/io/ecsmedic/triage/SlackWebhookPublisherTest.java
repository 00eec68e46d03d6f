package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import io.ecsmedic.testing.Fixtures;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Slack channel against a local webhook receiver (Slack itself is out of reach here). */
class SlackWebhookPublisherTest {
  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(200);
  private final List<String> bodies = new ArrayList<>();
  private final List<String> parked = new ArrayList<>();
  private final AtomicInteger secretReads = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(status.get(), -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SlackWebhookPublisher publisher() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    return new SlackWebhookPublisher(
        () -> {
          secretReads.incrementAndGet();
          return url + "\n";
        },
        "http://127.0.0.1:" + server.getAddress().getPort() + "/",
        Clock.systemUTC());
  }

  /** Publishes as triage does; a failed delivery's reason is what triage would park. */
  private void post(SlackWebhookPublisher slack, Finding finding, String incidentId, long folded) {
    Delivery d = slack.publish(new Alert(finding, incidentId, folded));
    if (!d.delivered()) {
      parked.add(d.failure());
    }
  }

  private static Finding oom() throws Exception {
    Path fixture = Fixtures.path("task-state-change/oom-container-limit.json");
    return Classifier.bundled().classify(new InputParser().parse(Files.readString(fixture)));
  }

  @Test
  void postsBlockKitAndReadsTheSecretOnlyOnceWhileCached() throws Exception {
    SlackWebhookPublisher slack = publisher();

    post(slack, oom(), "inc-1", 0);
    post(slack, oom(), "inc-2", 3);

    assertThat(bodies).hasSize(2);
    assertThat(Json.MAPPER.readTree(bodies.getFirst()).path("blocks").get(0).path("type").asText())
        .isEqualTo("header");
    assertThat(secretReads).hasValue(1);
    assertThat(parked).isEmpty();
  }

  @Test
  void aRefusedPostIsRetriedOnceThenParkedWithoutFailingTheInvocation() throws Exception {
    status.set(500);

    post(publisher(), oom(), "inc-1", 0);

    assertThat(bodies).hasSize(2);
    assertThat(parked).singleElement().asString().contains("HTTP 500");
  }
}
