package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Mode;
import io.ecsmedic.notify.AlertText;
import io.ecsmedic.testing.Fixtures;
import io.ecsmedic.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The handler as the Lambda runtime drives it: bytes in, bytes out, with in-memory ports. */
class TriageHandlerTest {
  private static final Path EVENTS = Fixtures.root();
  private static final Classifier CLASSIFIER = Classifier.bundled();

  private final List<Alert> published = new ArrayList<>();
  private final List<String[]> parked = new ArrayList<>();
  private final InMemoryAuditStore audit = new InMemoryAuditStore();
  private final Map<String, String> tags = new java.util.HashMap<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private AlertPublisher alerts = this::record;
  private final TriageHandler handler =
      TestTriage.handler(
          new Triage(
              CLASSIFIER,
              audit,
              new ModeResolver(Mode.PROPOSE, arn -> tags, Duration.ofMinutes(5), clock),
              alert -> alerts.publish(alert),
              AlertPublisher.NONE,
              (id, event, reason) -> parked.add(new String[] {event, reason, id}),
              RemediationStarter.NONE,
              DeepCheck.NONE,
              Duration.ofHours(1),
              clock));

  private Delivery record(Alert alert) {
    published.add(alert);
    return Delivery.DELIVERED;
  }

  private JsonNode invoke(byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext("triage"));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static byte[] fixture(String name) throws Exception {
    return Files.readAllBytes(EVENTS.resolve(name));
  }

  /** The same fixture as another delivery of another event (new id, same task and reason). */
  private static byte[] withId(String name, String id) throws Exception {
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(fixture(name));
    event.put("id", id);
    return Json.MAPPER.writeValueAsBytes(event);
  }

  static Stream<Path> taskEvents() throws Exception {
    return Files.list(EVENTS.resolve("task-state-change")).sorted();
  }

  static Stream<Path> invalidEvents() throws Exception {
    return Files.list(EVENTS.resolve("invalid")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taskEvents")
  void alertsOnceForTheFirstOccurrenceAndAuditsIt(Path fixture) throws Exception {
    JsonNode result = invoke(Files.readAllBytes(fixture));

    assertThat(result.get("status").asText()).isIn("NOTIFIED", "LABELLED");
    assertThat(published).hasSize(1);
    assertThat(audit.records).hasSize(1);
    assertThat(audit.records.getFirst().decision()).isEqualTo(result.get("status").asText());
    assertThat(result.get("finding").get("category").asText())
        .isEqualTo(published.getFirst().finding().category().name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEvents")
  void parksAnEventThatCannotBeDiagnosedWithItsReasonAndAuditsIt(Path fixture) throws Exception {
    byte[] bytes = Files.readAllBytes(fixture);

    JsonNode result = invoke(bytes);

    assertThat(result.get("status").asText()).isEqualTo("PARKED");
    assertThat(published).isEmpty();
    assertThat(parked).hasSize(1);
    assertThat(parked.getFirst()[0])
        .as("the event is kept whole")
        .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    assertThat(parked.getFirst()[1]).isEqualTo(result.get("error").asText()).isNotBlank();
    assertThat(audit.records)
        .singleElement()
        .satisfies(r -> assertThat(r.decision()).isEqualTo("PARKED"));
  }

  @Test
  void aDuplicateDeliveryOfTheSameEventIdDoesNothing() throws Exception {
    byte[] event = fixture("task-state-change/oom-container-limit.json");

    JsonNode first = invoke(event);
    JsonNode second = invoke(event);

    assertThat(first.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(second.get("status").asText()).isEqualTo("DUPLICATE");
    assertThat(published).hasSize(1);
    assertThat(audit.records).hasSize(1);
  }

  @Test
  void repeatsInsideTheWindowAreCountedAndFoldedIntoTheNextAlert() throws Exception {
    String name = "task-state-change/oom-container-limit.json";

    invoke(withId(name, "e-1"));
    JsonNode repeat = invoke(withId(name, "e-2"));
    invoke(withId(name, "e-3"));
    clock.advance(Duration.ofMinutes(61));
    JsonNode afterWindow = invoke(withId(name, "e-4"));

    assertThat(repeat.get("status").asText()).isEqualTo("SUPPRESSED");
    assertThat(afterWindow.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(published).extracting(Alert::repeatsFolded).containsExactly(0L, 2L);
    assertThat(published.get(0).incidentId()).isNotEqualTo(published.get(1).incidentId());
    assertThat(audit.records)
        .extracting(AuditRecord::decision)
        .containsExactly("NOTIFIED", "SUPPRESSED", "SUPPRESSED", "NOTIFIED");
  }

  @Test
  void expectedStopsAreLabelledNotPaged() throws Exception {
    JsonNode result = invoke(fixture("task-state-change/expected-scale-in.json"));

    assertThat(result.get("status").asText()).isEqualTo("LABELLED");
    assertThat(published.getFirst().finding().category().pages()).isFalse();
  }

  @Test
  void aServiceTaggedOffIsRecordedButNeverAlerted() throws Exception {
    tags.put("ecs-medic:mode", "off");

    JsonNode result = invoke(fixture("task-state-change/oom-container-limit.json"));

    assertThat(result.get("status").asText()).isEqualTo("OPTED_OUT");
    assertThat(published).isEmpty();
    assertThat(audit.records)
        .singleElement()
        .satisfies(r -> assertThat(r.decision()).isEqualTo("OPTED_OUT"));
  }

  @Test
  void aFailedNotificationIsParkedAndGivesItsClaimsBackSoARedeliverySendsIt() throws Exception {
    byte[] event = fixture("task-state-change/oom-container-limit.json");
    alerts =
        alert -> {
          throw new IllegalStateException("SNS is down");
        };

    JsonNode parkedResult = invoke(event);
    alerts = this::record;
    JsonNode redelivered = invoke(event);

    assertThat(parkedResult.get("status").asText()).isEqualTo("PARKED");
    assertThat(parkedResult.get("error").asText()).contains("SNS is down");
    assertThat(parked).singleElement().satisfies(p -> assertThat(p[1]).contains("SNS is down"));
    assertThat(redelivered.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(published).hasSize(1);
    assertThat(audit.records)
        .as("both attempts are on record")
        .extracting(AuditRecord::decision)
        .containsExactly("NOTIFIED", "PARKED", "NOTIFIED");
  }

  @Test
  void secretsFromContainerOverridesNeverReachAnAlertOrTheAuditRecord() throws Exception {
    String secret = "s3cr3t-DB-PASSWORD-4711";
    ObjectNode event =
        (ObjectNode) Json.MAPPER.readTree(fixture("task-state-change/oom-container-limit.json"));
    ObjectNode override =
        (ObjectNode)
            event.with("detail").with("overrides").withArray("containerOverrides").addObject();
    override.put("name", "app");
    override.withArray("environment").addObject().put("name", "DB_PASSWORD").put("value", secret);
    override.withArray("command").add("--password=" + secret);

    invoke(Json.MAPPER.writeValueAsBytes(event));

    Alert alert = published.getFirst();
    assertThat(AlertText.body(alert.finding(), alert.incidentId(), 0)).doesNotContain(secret);
    assertThat(SnsAlertPublisher.machineReadable(alert.finding(), alert.incidentId(), 0).toString())
        .doesNotContain(secret);
    assertThat(SnsAlertPublisher.subject(alert.finding())).doesNotContain(secret);
    assertThat(audit.records.getFirst().toString()).doesNotContain(secret);
  }

  @Test
  void parksAnEventLargerThanEventBridgeAllows() throws Exception {
    byte[] huge =
        ("{\"message\": \"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);

    JsonNode result = invoke(huge);

    assertThat(result.get("status").asText()).isEqualTo("PARKED");
    assertThat(result.get("error").asText()).contains("256 KB");
  }

  @Test
  void logsGoToPowertoolsJsonLoggingNotTheNoOperationLogger() {
    // The SDK pulls slf4j-api 1.7; if it won, SLF4J would fall back to NOP and the Lambda would
    // log nothing at all. The parent POM pins slf4j 2.x; this proves the binding is logback.
    assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName())
        .startsWith("ch.qos.logback.classic.");
  }

  @Test
  void subjectsAreShortPrintableAsciiAndBodiesCarryTheFix() throws Exception {
    invoke(fixture("task-state-change/oom-container-limit.json"));

    Alert a = published.getFirst();
    String subject = SnsAlertPublisher.subject(a.finding());
    assertThat(subject)
        .startsWith("[ecs-medic] OOM / CONTAINER_LIMIT in ")
        .hasSizeLessThanOrEqualTo(100);
    assertThat(subject).matches("[\\x20-\\x7E]+");
    assertThat(AlertText.body(a.finding(), a.incidentId(), 0))
        .contains("Why:")
        .contains("Fix:")
        .contains("$ aws ecs")
        .contains("Runbook: https://")
        .contains("Incident: " + a.incidentId());
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
