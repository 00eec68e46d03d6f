package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.change.ChangeReport;
import io.ecsmedic.evidence.FlightRecord;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import io.ecsmedic.testing.Fixtures;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What triage does with a new incident's evidence: the container's last words go in the alert and
 * refine its diagnosis (the incident keeps the first stage's fingerprint, so repeats still fold);
 * the flight record is written once and audited; neither a failed record nor a failed log read
 * holds the alert back. The reader and the bucket are fakes here; LastWordsIT (local) runs them
 * against the emulator.
 */
class TriageLastWordsTest {
  private final Ports ports = new Ports();
  private final List<Alert> published = ports.sent;
  private final InMemoryAuditStore audit = ports.audit;
  private final List<FlightRecord> records = new ArrayList<>();
  private RuntimeException recordFailure;
  private RuntimeException readFailure;

  private final LogExcerpt dnsFailure =
      LogExcerpt.read(
          "app",
          "awslogs /ecs/orders ecs/app/fd05",
          List.of(
              "connecting to postgres://orders:hunter2@orders-db.internal:5432/orders",
              "java.net.UnknownHostException: orders-db.internal: Name or service not known"),
          20,
          4096);

  private final IncidentEvidence evidence =
      new IncidentEvidence() {
        @Override
        public LogExcerpt lastWords(String event, Finding finding) {
          if (readFailure != null) {
            throw readFailure;
          }
          return dnsFailure;
        }

        @Override
        public JsonNode serviceEvents(Finding finding) {
          return Json.MAPPER.createArrayNode().add("(service orders-api) has started 1 tasks");
        }

        @Override
        public String record(FlightRecord record) {
          if (recordFailure != null) {
            throw recordFailure;
          }
          records.add(record);
          return "s3://evidence/" + FlightRecord.key(record.incidentId());
        }
      };

  TriageLastWordsTest() {
    ports.evidence = evidence;
  }

  private JsonNode invoke(String id) throws Exception {
    ObjectNode event =
        (ObjectNode)
            Json.MAPPER.readTree(
                Files.readAllBytes(Fixtures.root().resolve("task-state-change/app-exit-1.json")));
    event.put("id", id);
    return TestTriage.invoke(ports.handler(), Json.MAPPER.writeValueAsBytes(event));
  }

  @Test
  void theLastWordsRefineTheAlertAndTheRecordKeepsThemOnce() throws Exception {
    JsonNode first = invoke("e-1");
    JsonNode repeat = invoke("e-2");

    assertThat(published).hasSize(1);
    Alert alert = published.getFirst();
    assertThat(alert.finding().subcause()).isEqualTo("DNS_FAILURE");
    assertThat(alert.finding().evidence())
        .anySatisfy(e -> assertThat(e.value()).contains("UnknownHostException: orders-db"));
    assertThat(alert.lastWords().lines())
        .first()
        .isEqualTo("connecting to postgres://orders:[REDACTED]@orders-db.internal:5432/orders");
    assertThat(first.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(repeat.path("status").asText())
        .as("the incident keeps the first stage's fingerprint")
        .isEqualTo("SUPPRESSED");

    assertThat(records).singleElement();
    FlightRecord record = records.getFirst();
    assertThat(record.incidentId()).isEqualTo(alert.incidentId());
    assertThat(record.parts().keySet())
        .containsExactly("finding", "stoppedTask", "serviceEvents", "logExcerpt");
    assertThat(record.parts().get("stoppedTask").path("taskArn").asText())
        .endsWith("/prod/fd0568a3c47c6599e7cd9e0484993d6d");
    assertThat(alert.evidenceRecord())
        .isEqualTo("s3://evidence/incidents/" + alert.incidentId() + ".json");
    assertThat(audit.records)
        .filteredOn(r -> r.decision().equals("EVIDENCE_RECORDED"))
        .singleElement()
        .satisfies(r -> assertThat(r.detail()).isEqualTo(alert.evidenceRecord()));
  }

  @Test
  void whatChangedIsReadWhileTheLastWordsAreReadNotAfter() throws Exception {
    // Each read waits (at most 10 s, a guard, not a measurement) until the other has begun: read
    // one after the other, the first would give up waiting and the alert would lack its part.
    CountDownLatch lastWordsBegun = new CountDownLatch(1);
    CountDownLatch changesBegun = new CountDownLatch(1);
    AtomicBoolean changesSawLastWords = new AtomicBoolean();
    ports.whatChanged =
        request -> {
          changesBegun.countDown();
          changesSawLastWords.set(await(lastWordsBegun));
          return Optional.of(
              ChangeReport.nothing(Instant.EPOCH, List.of("read beside the last words")));
        };
    IncidentEvidence fake = evidence;
    ports.evidence =
        new IncidentEvidence() {
          @Override
          public LogExcerpt lastWords(String event, Finding finding) {
            lastWordsBegun.countDown();
            return await(changesBegun) ? fake.lastWords(event, finding) : null;
          }

          @Override
          public JsonNode serviceEvents(Finding finding) {
            return fake.serviceEvents(finding);
          }

          @Override
          public String record(FlightRecord record) {
            return fake.record(record);
          }
        };

    invoke("e-1");

    assertThat(changesSawLastWords).isTrue();
    assertThat(published)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.lastWords()).isNotNull();
              assertThat(a.changed().notes()).containsExactly("read beside the last words");
            });
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void aRecordThatCannotBeWrittenIsAuditedAndTheAlertGoesAllTheSame() throws Exception {
    recordFailure = new IllegalStateException("AccessDenied");

    JsonNode result = invoke("e-1");

    assertThat(result.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(published).singleElement().satisfies(a -> assertThat(a.evidenceRecord()).isNull());
    assertThat(audit.records)
        .filteredOn(r -> r.decision().equals("EVIDENCE_NOT_RECORDED"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.detail())
                    .isEqualTo("flight record not written: IllegalStateException: AccessDenied"));
  }

  @Test
  void aLogReadThatBreaksLeavesTheFirstStageDiagnosis() throws Exception {
    readFailure = new IllegalStateException("boom");

    invoke("e-1");

    assertThat(published)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.finding().subcause()).isEqualTo("EXIT_1");
              assertThat(a.lastWords()).isNull();
            });
    assertThat(records)
        .singleElement()
        .satisfies(r -> assertThat(r.parts()).doesNotContainKey("logExcerpt"));
  }
}
