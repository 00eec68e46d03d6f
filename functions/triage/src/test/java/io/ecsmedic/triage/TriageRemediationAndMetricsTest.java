package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Mode;
import io.ecsmedic.testing.Fixtures;
import io.ecsmedic.testing.StandardOutput;
import io.ecsmedic.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What triage does after the alert: start the remediation workflow (only when the finding is
 * actionable and the mode allows it), and leave one EMF metric document per event.
 */
class TriageRemediationAndMetricsTest {
  private static final Path EVENTS = Fixtures.root();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final List<String[]> started = new ArrayList<>();
  private final List<String[]> parked = new ArrayList<>();
  private final InMemoryAuditStore audit = new InMemoryAuditStore();
  private final Map<String, String> tags = new HashMap<>();
  private RemediationStarter.Workflow workflow =
      (name, input) -> {
        started.add(new String[] {name, input});
        return Optional.of("arn:aws:states:us-east-1:000000000000:execution:remediation:" + name);
      };

  private TriageHandler handler(String mode, TriageMetrics metrics) {
    return TestTriage.handler(
        new Triage(
            Classifier.bundled(),
            audit,
            new ModeResolver(Mode.parse(mode), arn -> tags, Duration.ofMinutes(5), CLOCK),
            AlertPublisher.NONE,
            AlertPublisher.NONE,
            (id, event, reason) -> parked.add(new String[] {event, reason}),
            new RemediationStarter(
                (name, input) -> workflow.start(name, input), Duration.ofDays(90)),
            DeepCheck.NONE,
            Duration.ofHours(1),
            CLOCK),
        metrics);
  }

  private static JsonNode invoke(TriageHandler handler, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext("triage"));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static byte[] fixture(String name, String id) throws Exception {
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(EVENTS.resolve(name).toFile());
    event.put("id", id);
    return Json.MAPPER.writeValueAsBytes(event);
  }

  @Test
  void anActionableIncidentInProposeModeStartsOneWorkflowNamedAfterTheIncident() throws Exception {
    TriageHandler handler = handler("PROPOSE", TriageMetrics.NONE);

    JsonNode first = invoke(handler, fixture("task-state-change/oom-container-limit.json", "e-1"));
    JsonNode repeat = invoke(handler, fixture("task-state-change/oom-container-limit.json", "e-2"));

    assertThat(first.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(first.get("remediation").asText()).endsWith(first.get("incidentId").asText());
    assertThat(repeat.get("status").asText()).isEqualTo("SUPPRESSED");
    assertThat(repeat.has("remediation")).as("a repeat joins the open incident").isFalse();
    assertThat(started).hasSize(1);
    assertThat(started.getFirst()[0]).isEqualTo(first.get("incidentId").asText());
    JsonNode input = Json.MAPPER.readTree(started.getFirst()[1]);
    assertThat(input.get("eventId").asText()).isEqualTo("e-1");
    assertThat(input.get("mode").asText()).isEqualTo("PROPOSE");
    assertThat(input.get("auditExpiresAt").asLong())
        .isEqualTo(CLOCK.instant().plus(Duration.ofDays(90)).getEpochSecond());
    assertThat(input.at("/finding/category").asText()).isEqualTo("OOM");
    assertThat(input.at("/finding/resource/service").asText()).isNotBlank();
    assertThat(input.at("/finding/actions/0/type").asText()).isEqualTo("RAISE_MEMORY");
  }

  @Test
  void observeModeAndTheOffTagNeverStartAWorkflow() throws Exception {
    invoke(
        handler("OBSERVE", TriageMetrics.NONE),
        fixture("task-state-change/oom-container-limit.json", "e-1"));
    tags.put(ModeResolver.TAG, "observe");
    invoke(
        handler("AUTO", TriageMetrics.NONE),
        fixture("task-state-change/pull-image-not-found-containerd.json", "e-2"));

    assertThat(started).isEmpty();
  }

  @Test
  void expectedStopsUnknownsAndGuessesNeverStartAWorkflow() throws Exception {
    TriageHandler handler = handler("AUTO", TriageMetrics.NONE);

    JsonNode scaling = invoke(handler, fixture("task-state-change/expected-scale-in.json", "e-1"));
    JsonNode unknown =
        invoke(handler, fixture("task-state-change/unknown-internal-error.json", "e-2"));
    JsonNode guess =
        invoke(handler, fixture("task-state-change/guess-image-attestation-new-error.json", "e-3"));

    assertThat(scaling.get("status").asText()).isEqualTo("LABELLED");
    assertThat(unknown.at("/finding/category").asText()).isEqualTo("UNKNOWN");
    assertThat(guess.at("/finding/confidence").asText()).isEqualTo("low");
    assertThat(guess.get("status").asText())
        .as("a guess pages like any finding")
        .isEqualTo("NOTIFIED");
    assertThat(started).isEmpty();
  }

  @Test
  void aWorkflowThatCannotStartIsParkedAndAuditedButTheAlertStands() throws Exception {
    workflow =
        (name, input) -> {
          throw new IllegalStateException("Step Functions throttled");
        };

    JsonNode result =
        invoke(
            handler("PROPOSE", TriageMetrics.NONE),
            fixture("task-state-change/oom-container-limit.json", "e-1"));

    assertThat(result.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(result.has("remediation")).isFalse();
    assertThat(parked)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p[0]).contains(result.get("incidentId").asText()).contains("e-1");
              assertThat(p[1]).contains("remediation workflow not started");
            });
    assertThat(audit.records)
        .extracting(AuditRecord::decision)
        .containsExactly("NOTIFIED", "REMEDIATION_NOT_STARTED");
  }

  @Test
  void everyEventLeavesOneEmfDocumentWithItsOutcomeAndCategory() throws Exception {
    TriageHandler handler =
        handler("PROPOSE", TriageMetrics.emf("ecs-medic-test", "triage-test", "Local"));
    byte[] oom = fixture("task-state-change/oom-container-limit.json", "e-1");

    List<JsonNode> documents =
        emfDocuments(
            () -> {
              invoke(handler, oom);
              invoke(handler, oom);
              invoke(handler, fixture("task-state-change/oom-container-limit.json", "e-2"));
              invoke(handler, "{not json".getBytes(StandardCharsets.UTF_8));
            });

    assertThat(documents).hasSize(4);
    assertThat(documents)
        .allSatisfy(
            d -> {
              assertThat(d.at("/_aws/CloudWatchMetrics/0/Namespace").asText())
                  .isEqualTo("ecs-medic-test");
              assertThat(d.get("Service").asText()).isEqualTo("triage-test");
              assertThat(d.get("Events").asDouble()).isEqualTo(1.0);
            });
    assertThat(documents.get(0).get("Category").asText()).isEqualTo("OOM");
    assertThat(documents.get(0).get("Notifications").asDouble()).isEqualTo(1.0);
    assertThat(documents.get(0).get("RemediationsStarted").asDouble()).isEqualTo(1.0);
    assertThat(documents.get(1).get("DuplicateDeliveries").asDouble()).isEqualTo(1.0);
    assertThat(documents.get(2).get("SuppressedRepeats").asDouble()).isEqualTo(1.0);
    assertThat(documents.get(3).get("ParkedEvents").asDouble()).isEqualTo(1.0);
    assertThat(documents.get(3).has("Category")).isFalse();
  }

  /** The EMF documents the Local environment prints to stdout while {@code body} runs. */
  private static List<JsonNode> emfDocuments(StandardOutput.Block body) throws Exception {
    String captured = StandardOutput.captured(body);
    List<JsonNode> documents = new ArrayList<>();
    for (String line : captured.split("\n")) {
      if (line.startsWith("{") && line.contains("\"_aws\"")) {
        documents.add(Json.MAPPER.readTree(line));
      }
    }
    return documents;
  }
}
