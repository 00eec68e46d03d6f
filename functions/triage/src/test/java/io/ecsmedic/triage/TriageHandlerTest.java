package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The handler as the Lambda runtime drives it: bytes in, bytes out, with recording ports. */
class TriageHandlerTest {
  private static final Path EVENTS = Path.of(System.getProperty("ecsmedic.root"), "events");
  private static final Classifier CLASSIFIER = Classifier.bundled();

  private final List<Finding> published = new ArrayList<>();
  private final List<String[]> parked = new ArrayList<>();
  private final TriageHandler handler =
      new TriageHandler(
          CLASSIFIER, published::add, (event, reason) -> parked.add(new String[] {event, reason}));

  private JsonNode invoke(byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext());
    return Json.MAPPER.readTree(out.toByteArray());
  }

  static Stream<Path> taskEvents() throws Exception {
    return Files.list(EVENTS.resolve("task-state-change")).sorted();
  }

  static Stream<Path> invalidEvents() throws Exception {
    return Files.list(EVENTS.resolve("invalid")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taskEvents")
  void publishesOneFindingPerEvent(Path fixture) throws Exception {
    JsonNode result = invoke(Files.readAllBytes(fixture));

    assertThat(result.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(published).hasSize(1);
    assertThat(parked).isEmpty();
    assertThat(result.get("finding").get("category").asText())
        .isEqualTo(published.getFirst().category().name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEvents")
  void parksAnEventThatCannotBeDiagnosedWithItsReason(Path fixture) throws Exception {
    byte[] bytes = Files.readAllBytes(fixture);

    JsonNode result = invoke(bytes);

    assertThat(result.get("status").asText()).isEqualTo("PARKED");
    assertThat(published).isEmpty();
    assertThat(parked).hasSize(1);
    assertThat(parked.getFirst()[0])
        .as("the event is kept whole")
        .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    assertThat(parked.getFirst()[1]).isEqualTo(result.get("error").asText()).isNotBlank();
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
    // log nothing at all. The parent POM pins slf4j 2.x; this proves the binding is Log4j.
    assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName())
        .startsWith("org.apache.logging.slf4j.");
  }

  @Test
  void subjectsAreShortPrintableAscii() throws Exception {
    invoke(Files.readAllBytes(EVENTS.resolve("task-state-change/oom-container-limit.json")));

    String subject = SnsAlertPublisher.subject(published.getFirst());
    assertThat(subject)
        .startsWith("[ecs-medic] OOM/CONTAINER_LIMIT ")
        .hasSizeLessThanOrEqualTo(100);
    assertThat(subject).matches("[\\x20-\\x7E]+");
  }
}
