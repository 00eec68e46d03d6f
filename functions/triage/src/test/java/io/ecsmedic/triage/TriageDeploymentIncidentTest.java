package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.change.ChangeReport;
import io.ecsmedic.change.Deployment;
import io.ecsmedic.change.DeploymentOutcome;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One incident per deployment: stops of different causes during one deployment page once; the
 * deployment's own event tells its outcome on that incident (a rollback never as a success); a
 * crash loop ECS still calls in progress escalates once; and what changed leads the alert without
 * ever holding it back.
 */
class TriageDeploymentIncidentTest {
  private static final String DEPLOYMENT = "ecs-svc/777";
  private final Ports ports = new Ports();
  private int sequence;

  private JsonNode stop(String fixture) throws Exception {
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Fixtures.read(fixture));
    event.put("id", "e-" + sequence++);
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail.put("clusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/prod");
    detail.put("group", "service:orders-api");
    detail.put("startedBy", DEPLOYMENT);
    return TestTriage.invoke(ports.handler(), Json.MAPPER.writeValueAsBytes(event));
  }

  private JsonNode deploymentFailed() throws Exception {
    ObjectNode event =
        (ObjectNode)
            Json.MAPPER.readTree(
                Fixtures.read("deployment-state-change/deployment-failed-circuit-breaker.json"));
    event.put("id", "e-deployment-" + sequence++);
    event.putArray("resources").add("arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api");
    ((ObjectNode) event.get("detail")).put("deploymentId", DEPLOYMENT);
    return TestTriage.invoke(ports.handler(), Json.MAPPER.writeValueAsBytes(event));
  }

  @Test
  void stopsOfTwoCausesAndTheDeploymentsFailureAreOneIncidentThatTellsTheRollback()
      throws Exception {
    ports.deployments = (cluster, service, id) -> DeploymentOutcome.ROLLED_BACK;

    JsonNode first = stop("task-state-change/oom-container-limit.json");
    List<JsonNode> more = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      more.add(stop("task-state-change/app-exit-1.json"));
      more.add(stop("task-state-change/oom-container-limit.json"));
    }
    JsonNode outcome = deploymentFailed();

    String incident = first.path("incidentId").asText();
    assertThat(more).allSatisfy(r -> assertThat(r.path("incidentId").asText()).isEqualTo(incident));
    assertThat(more).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("SUPPRESSED"));
    assertThat(outcome.path("incidentId").asText()).isEqualTo(incident);
    assertThat(outcome.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(ports.audit.incidents).hasSize(1);
    assertThat(ports.sent).hasSize(2);
    assertThat(ports.sent.get(1).notes())
        .singleElement()
        .asString()
        .startsWith("Deployment ecs-svc/777 rolled back: the new revision failed")
        .contains("8 failures in this incident")
        .doesNotContainIgnoringCase("success");
    assertThat(ports.started).as("one workflow for the incident").hasSize(1);
  }

  @Test
  void aServiceEventDuringTheDeploymentJoinsItsIncident() throws Exception {
    ports.deployments =
        new DeploymentStatus() {
          @Override
          public DeploymentOutcome outcome(String cluster, String service, String id) {
            return DeploymentOutcome.IN_PROGRESS;
          }

          @Override
          public Optional<String> inProgress(String cluster, String service) {
            return "orders-api".equals(service) ? Optional.of(DEPLOYMENT) : Optional.empty();
          }
        };
    JsonNode first = stop("task-state-change/oom-container-limit.json");
    ObjectNode event =
        (ObjectNode)
            Json.MAPPER.readTree(Fixtures.read("service-action/placement-failure-cpu.json"));
    event.put("id", "e-service-event");
    event.putArray("resources").add("arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api");
    ((ObjectNode) event.get("detail"))
        .put("clusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/prod");

    JsonNode placement = TestTriage.invoke(ports.handler(), Json.MAPPER.writeValueAsBytes(event));

    assertThat(placement.path("incidentId").asText()).isEqualTo(first.path("incidentId").asText());
    assertThat(placement.path("status").asText()).isEqualTo("SUPPRESSED");
    assertThat(ports.sent).hasSize(1);
  }

  @Test
  void aDeploymentStillInProgressTellsNothingUntilItEnds() throws Exception {
    ports.deployments = (cluster, service, id) -> DeploymentOutcome.IN_PROGRESS;
    stop("task-state-change/oom-container-limit.json");

    JsonNode outcome = deploymentFailed();

    assertThat(outcome.path("status").asText()).isEqualTo("SUPPRESSED");
    assertThat(ports.sent).hasSize(1);
    assertThat(ports.sent.getFirst().notes())
        .containsExactly("Deployment ecs-svc/777: in progress");
  }

  @Test
  void aCrashLoopTheCircuitBreakerIgnoresIsEscalatedOnce() throws Exception {
    ports.deployments = (cluster, service, id) -> DeploymentOutcome.IN_PROGRESS;
    ports.crashLoopThreshold = 5;

    List<JsonNode> results = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      results.add(stop("task-state-change/app-exit-1.json"));
    }

    assertThat(ports.sent).hasSize(2);
    assertThat(ports.sent.get(1).notes())
        .singleElement()
        .asString()
        .startsWith("Crash loop: 5 failures during deployment ecs-svc/777");
    assertThat(results.get(4).path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(results.stream().filter(r -> r.path("status").asText().equals("NOTIFIED")))
        .hasSize(2);
    assertThat(ports.audit.records)
        .filteredOn(r -> r.detail() != null && r.detail().contains("crash loop escalation"))
        .hasSize(1);
  }

  @Test
  void aCompletedDeploymentsStopsAreNotACrashLoop() throws Exception {
    ports.deployments = (cluster, service, id) -> DeploymentOutcome.SUCCESSFUL;
    ports.crashLoopThreshold = 3;
    for (int i = 0; i < 5; i++) {
      stop("task-state-change/app-exit-1.json");
    }
    assertThat(ports.sent).hasSize(1);
  }

  @Test
  void theAlertCarriesWhatChangedWhenItIsRead() throws Exception {
    ChangeReport report =
        new ChangeReport(
            Instant.parse("2025-06-10T09:00:36Z"),
            "orders-api:88",
            "orders-api:87",
            List.of(),
            new Deployment(
                DEPLOYMENT, "td", Instant.parse("2025-06-10T08:56:00Z"), "role/ci", null),
            List.of(),
            List.of());
    ports.whatChanged = request -> Optional.of(report);

    stop("task-state-change/app-exit-1.json");

    assertThat(ports.sent.getFirst().changed()).isEqualTo(report);
    assertThat(ports.sent.getFirst().whatChanged().getFirst())
        .isEqualTo(
            "Started after deployment ecs-svc/777 by role/ci, 4 min before the first failure");
  }

  @Test
  void theAlertGoesOutWhenWhatChangedFails() throws Exception {
    ports.whatChanged =
        request -> {
          throw new IllegalStateException("CloudTrail throttled");
        };

    JsonNode result = stop("task-state-change/app-exit-1.json");

    assertThat(result.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(ports.sent).singleElement().satisfies(a -> assertThat(a.changed()).isNull());
  }
}
