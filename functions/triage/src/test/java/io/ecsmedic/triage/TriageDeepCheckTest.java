package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.CheckResult;
import io.ecsmedic.check.CheckStep;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.Mode;
import io.ecsmedic.testing.Fixtures;
import io.ecsmedic.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A new incident's alert carries its deep check; repeats are not checked again; a checker that
 * breaks never holds the alert back. The checker itself is a fake here (its collectors are tested
 * against the emulator in local/): this tests what triage does with its report.
 */
class TriageDeepCheckTest {
  private static final Path EVENTS = Fixtures.root();
  private static final CheckStep PORT = new CheckStep("alb.port", "ports match");

  private record Alert(Finding finding, List<String> checked) {}

  private final List<Alert> published = new ArrayList<>();
  private final List<String> workflowInputs = new ArrayList<>();
  private final java.util.Map<String, String> tags = new java.util.HashMap<>();
  private CheckReport.Service found = null;
  private final List<String> callers = new ArrayList<>();
  private final InMemoryAuditStore audit = new InMemoryAuditStore();
  private final TriageHandlerTest.MutableClock clock =
      new TriageHandlerTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private DeepCheck deepCheck =
      (finding, event) -> {
        callers.add(finding.category().name());
        return Optional.of(
            new CheckReport(
                "alb-check",
                Category.ELB_HEALTH_CHECK,
                "targetgroup/web/1",
                found,
                List.of(
                    CheckResult.fail(
                        PORT,
                        "health checks go to port 80, the container listens on 8080",
                        "set the health-check port to traffic-port")),
                List.of()));
      };

  private JsonNode invoke(String fixture, String id) throws Exception {
    ObjectNode event =
        (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(EVENTS.resolve(fixture)));
    event.put("id", id);
    TriageHandler handler =
        TestTriage.handler(
            new Triage(
                Classifier.bundled(),
                audit,
                new ModeResolver(Mode.PROPOSE, arn -> tags, Duration.ofMinutes(5), clock),
                alert -> {
                  published.add(new Alert(alert.finding(), alert.checked()));
                  return Delivery.DELIVERED;
                },
                AlertPublisher.NONE,
                (eventId, e, reason) -> {},
                new RemediationStarter(
                    (name, input) -> {
                      workflowInputs.add(input);
                      return Optional.of("arn:execution:" + name);
                    },
                    Duration.ofDays(90)),
                (finding, raw) -> deepCheck.run(finding, raw),
                Duration.ofHours(1),
                clock));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, new TestContext("t"));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  @Test
  void theAlertOfANewIncidentCarriesTheFailingStepsAndTheCheckIsAudited() throws Exception {
    JsonNode result = invoke("alarm/alb-elb-502.json", "e-1");

    assertThat(published)
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.checked())
                    .containsExactly(
                        "alb-check targetgroup/web/1: 1 FAIL, 0 UNKNOWN, 0 PASS",
                        "alb.port: health checks go to port 80, the container listens on 8080"));
    assertThat(result.at("/check/verdict").asText()).isEqualTo("FAIL");
    assertThat(audit.records)
        .filteredOn(r -> r.decision().equals("CHECKED"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.eventId()).isEqualTo("e-1#check");
              assertThat(r.detail())
                  .isEqualTo(
                      "alb-check 1 FAIL, 0 UNKNOWN, 0 PASS: alb.port: health checks go to port 80, the container listens on 8080");
            });
  }

  @Test
  void repeatsInsideTheWindowAreNotCheckedAgain() throws Exception {
    invoke("alarm/alb-elb-502.json", "e-1");
    clock.advance(Duration.ofMinutes(5));
    invoke("alarm/alb-elb-502.json", "e-2");

    assertThat(callers).hasSize(1);
  }

  @Test
  void aCheckerThatBreaksDoesNotHoldTheAlertBack() throws Exception {
    deepCheck =
        (finding, event) -> {
          throw new IllegalStateException("checker bug");
        };

    JsonNode result = invoke("alarm/alb-elb-502.json", "e-1");

    assertThat(result.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(published).singleElement().satisfies(a -> assertThat(a.checked()).isEmpty());
    assertThat(result.has("check")).isFalse();
  }

  @Test
  void theTextAlertShowsTheCheckBetweenTheFixAndTheRunbook() throws Exception {
    invoke("alarm/alb-elb-502.json", "e-1");
    Alert a = published.getFirst();

    String text = io.ecsmedic.notify.AlertText.body(a.finding(), "inc-1", 0, a.checked());

    assertThat(text)
        .contains(
            "Checked: alb-check targetgroup/web/1: 1 FAIL, 0 UNKNOWN, 0 PASS\n"
                + "  - alb.port: health checks go to port 80, the container listens on 8080\n\n"
                + "Runbook: ");
  }

  @Test
  void anAlarmWhoseCheckFoundTheServiceStartsTheWorkflowOnThatService() throws Exception {
    found = new CheckReport.Service("prod", "web");

    JsonNode result = invoke("alarm/alb-elb-502.json", "e-1");

    assertThat(result.path("remediation").asText()).startsWith("arn:execution:");
    JsonNode input = Json.MAPPER.readTree(workflowInputs.getFirst());
    assertThat(input.at("/finding/resource/cluster").asText()).isEqualTo("prod");
    assertThat(input.at("/finding/resource/service").asText()).isEqualTo("web");
    assertThat(input.at("/finding/resource/targetGroup").asText()).isNotBlank();
    // The incident stays the one the alarm opened: its fingerprint names the target group.
    assertThat(published.getFirst().finding().resource().service()).isNull();
  }

  @Test
  void anAlarmWhoseCheckFoundNoServiceStartsNothing() throws Exception {
    JsonNode result = invoke("alarm/alb-elb-502.json", "e-1");

    assertThat(result.has("remediation")).isFalse();
    assertThat(workflowInputs).isEmpty();
  }

  @Test
  void theFoundServicesOwnModeTagCanKeepTheWorkflowOff() throws Exception {
    found = new CheckReport.Service("prod", "web");
    tags.put(ModeResolver.TAG, "off");

    JsonNode result = invoke("alarm/alb-elb-502.json", "e-1");

    assertThat(workflowInputs).isEmpty();
    assertThat(result.has("remediation")).isFalse();
  }
}
