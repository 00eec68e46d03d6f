package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import io.ecsmedic.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever an event holds and whichever port fails, the invocation returns: the event is parked on
 * the dead-letter queue with its reason and event id, audited as PARKED, and Lambda never retries
 * it (which would page again).
 */
class TriageNeverEscapesTest {
  private final Ports ports = new Ports();
  private final TriageHandler handler = ports.handler();

  private static byte[] fixture(String name, String id) throws Exception {
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Fixtures.read(name));
    event.put("id", id);
    return Json.MAPPER.writeValueAsBytes(event);
  }

  private static final String OOM = "task-state-change/oom-container-limit.json";

  /**
   * Every field of every fixture event, in turn, of each wrong type (the fuzz of ClassifyFuzzIT,
   * through the handler): each answer is a decision, and a parked one carries its reason.
   */
  @Test
  void everyHostileEventShapeEndsInADecisionNeverAnException() throws Exception {
    JsonNode[] wrong = {
      Json.MAPPER.createObjectNode().put("x", 1),
      Json.MAPPER.createArrayNode().add("a"),
      Json.MAPPER.getNodeFactory().numberNode(new BigDecimal("1e400")),
      Json.MAPPER.getNodeFactory().textNode("\u0000 \uFEFF 99999999999999999999"),
      Json.MAPPER.getNodeFactory().booleanNode(true),
      Json.MAPPER.getNodeFactory().nullNode()
    };
    List<Path> fixtures;
    try (Stream<Path> files = Files.walk(Fixtures.root())) {
      fixtures = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    int cases = 0;
    for (Path fixture : fixtures) {
      JsonNode event;
      try {
        event = Json.MAPPER.readTree(Files.readAllBytes(fixture));
      } catch (java.io.IOException notJson) {
        continue; // events/invalid holds text that is not JSON at all
      }
      List<List<String>> paths = new ArrayList<>();
      collectPaths(event, new ArrayList<>(), paths);
      for (List<String> path : paths) {
        for (JsonNode value : wrong) {
          JsonNode copy = event.deepCopy();
          if (copy instanceof ObjectNode o) {
            set(o, path, value);
            o.put("id", "fuzz-" + cases);
          }
          JsonNode result = TestTriage.invoke(handler, Json.MAPPER.writeValueAsBytes(copy));
          String what = fixture.getFileName() + " " + path + " = " + value;
          assertThat(result.get("status").asText())
              .as(what)
              .isIn("NOTIFIED", "LABELLED", "SUPPRESSED", "DUPLICATE", "PARKED");
          if (result.get("status").asText().equals("PARKED")) {
            assertThat(result.get("error").asText()).as(what).isNotBlank();
          }
          cases++;
        }
      }
    }
    assertThat(cases).isGreaterThan(5_000);
    assertThat(ports.parked).allSatisfy(p -> assertThat(p.reason()).isNotBlank());
    assertThat(ports.parked).allSatisfy(p -> assertThat(p.eventId()).isNotBlank());
  }

  /** A port that breaks with the exceptions the review saw escape (NPE, NumberFormatException). */
  static Stream<Arguments> brokenPorts() {
    return Stream.of(
        Arguments.of(
            "claim",
            (Consumer<Ports>)
                p -> p.store = failing(p.audit, "claimEvent", new NullPointerException("claim"))),
        Arguments.of(
            "occurrence count",
            (Consumer<Ports>)
                p ->
                    p.store =
                        failing(
                            p.audit,
                            "recordOccurrence",
                            new NumberFormatException("For input string: \"x\""))),
        Arguments.of(
            "audit record",
            (Consumer<Ports>)
                p -> p.store = failing(p.audit, "recordFirst", new NullPointerException("audit"))),
        Arguments.of(
            "SNS",
            (Consumer<Ports>)
                p ->
                    p.sns =
                        alert -> {
                          throw new NullPointerException("subject");
                        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenPorts")
  void aBrokenPortParksTheEventWithItsReasonAndEventIdAndTheInvocationReturns(
      String port, Consumer<Ports> breakIt) throws Exception {
    breakIt.accept(ports);

    JsonNode result = TestTriage.invoke(ports.handler(), fixture(OOM, "e-broken"));

    assertThat(result.get("status").asText()).isEqualTo("PARKED");
    assertThat(ports.parked)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.eventId()).isEqualTo("e-broken");
              assertThat(p.reason()).isNotBlank().isEqualTo(result.get("error").asText());
              assertThat(p.payload()).contains("e-broken");
            });
    assertThat(ports.audit.records)
        .filteredOn(r -> r.decision().equals("PARKED"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.eventId()).isEqualTo("e-broken");
              assertThat(r.detail()).contains(result.get("error").asText());
            });
    assertThat(ports.started).as("no workflow for a parked event").isEmpty();
  }

  @Test
  void anEventThatCannotBeReadIsParkedUnderItsOwnIdWhenItHasOne() throws Exception {
    byte[] event =
        "{\"id\": \"e-poison\", \"detail-type\": 7, \"detail\": []}"
            .getBytes(StandardCharsets.UTF_8);

    JsonNode result = TestTriage.invoke(handler, event);

    assertThat(result.get("status").asText()).isEqualTo("PARKED");
    assertThat(ports.parked)
        .singleElement()
        .satisfies(p -> assertThat(p.eventId()).isEqualTo("e-poison"));
    assertThat(ports.audit.records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.decision()).isEqualTo("PARKED");
              assertThat(r.eventId()).isEqualTo("e-poison");
              assertThat(r.detail()).isEqualTo(result.get("error").asText());
            });
  }

  @Test
  void aRedeliveryAfterASlackFailureIsADuplicateAndSnsIsSentOnce() throws Exception {
    ports.slack = alert -> Delivery.failed("Slack alert not delivered: Slack answered HTTP 500: ");

    JsonNode first = TestTriage.invoke(handler, fixture(OOM, "e-1"));
    JsonNode again = TestTriage.invoke(handler, fixture(OOM, "e-1"));

    assertThat(first.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(again.get("status").asText()).isEqualTo("DUPLICATE");
    assertThat(ports.sent).hasSize(1);
    assertThat(ports.started).hasSize(1);
  }

  @Test
  void whenNeitherTheQueueNorTheAuditTableTakesTheEventLambdaMustKeepIt() {
    ports.deadLetters =
        (id, payload, reason) -> {
          throw new IllegalStateException("SQS down");
        };
    ports.store = failing(ports.audit, "everything", new IllegalStateException("DynamoDB down"));

    assertThatThrownBy(
            () -> TestTriage.invoke(ports.handler(), "{not json".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("neither parked nor audited");
  }

  @Test
  void aQueueThatIsDownStillLeavesTheReasonInTheAuditRecord() throws Exception {
    ports.deadLetters =
        (id, payload, reason) -> {
          throw new IllegalStateException("SQS down");
        };

    JsonNode result =
        TestTriage.invoke(ports.handler(), "{not json".getBytes(StandardCharsets.UTF_8));

    assertThat(result.get("status").asText()).isEqualTo("PARKED");
    assertThat(ports.audit.records)
        .singleElement()
        .satisfies(r -> assertThat(r.detail()).contains("dead-letter queue unreachable"));
  }

  /** The in-memory store, with one method broken (or all of them: "everything"). */
  private static AuditStore failing(InMemoryAuditStore store, String method, RuntimeException e) {
    boolean all = method.equals("everything");
    return new AuditStore() {
      @Override
      public boolean claimEvent(String eventId, Instant now, Duration staleAfter) {
        if (all || method.equals("claimEvent")) {
          throw e;
        }
        return store.claimEvent(eventId, now, staleAfter);
      }

      @Override
      public void completeEvent(String eventId) {
        store.completeEvent(eventId);
      }

      @Override
      public void releaseEvent(String eventId) {
        store.releaseEvent(eventId);
      }

      @Override
      public Occurrence recordOccurrence(
          String key, Finding finding, Instant now, Duration window) {
        if (all || method.equals("recordOccurrence")) {
          throw e;
        }
        return store.recordOccurrence(key, finding, now, window);
      }

      @Override
      public void releaseNotification(String fingerprint, Instant claimedAt) {
        store.releaseNotification(fingerprint, claimedAt);
      }

      @Override
      public void record(AuditRecord record) {
        // "recordFirst": the event's own record fails, the PARKED record after it is written.
        if (all || (method.equals("recordFirst") && !record.decision().equals("PARKED"))) {
          throw e;
        }
        store.record(record);
      }
    };
  }

  private static void collectPaths(JsonNode node, List<String> prefix, List<List<String>> out) {
    if (!node.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      List<String> path = new ArrayList<>(prefix);
      path.add(f.getKey());
      out.add(path);
      collectPaths(f.getValue(), path, out);
    }
  }

  private static void set(ObjectNode root, List<String> path, JsonNode value) {
    ObjectNode parent = root;
    for (int i = 0; i < path.size() - 1; i++) {
      parent = (ObjectNode) parent.get(path.get(i));
    }
    parent.set(path.getLast(), value);
  }
}
