package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * PutEvents → EventBridge rule → triage (real handler, proxied by the emulator to the local host) →
 * SNS → an SQS subscription, through the real template.yaml deployed by CloudFormation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriageEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final Map<String, String> expected = Fixtures.expected();
  private LocalStackSession stack;

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT, "ecs-medic-e2e-triage", aws -> Fixtures.PROPOSE_BY_CLI);
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void eachKindOfFailureEventArrivesClassifiedOnTheAlertTopic() throws Exception {
    List<String> fixtures =
        List.of(
            "task-state-change/oom-container-limit.json",
            "deployment-state-change/deployment-failed-circuit-breaker.json",
            "service-action/placement-failure-memory.json",
            "cloudtrail/exec-not-enabled.json",
            "alarm/alb-elb-502.json");

    List<LocalStackSession.Sent> sent =
        stack.putEvents(fixtures.stream().map(Fixtures::event).toList());
    List<JsonNode> alerts = stack.alerts(fixtures.size(), WAIT);

    assertThat(sent).allSatisfy(s -> assertThat(s.error()).isNull());
    assertThat(alerts).hasSize(fixtures.size());
    for (LocalStackSession.Sent s : sent) {
      JsonNode alert =
          alerts.stream()
              .filter(a -> a.path("eventId").asText().equals(s.eventId()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no alert for " + fixtures.get(s.index())));
      assertThat(alert.path("category").asText() + "/" + alert.path("subcause").asText())
          .as(fixtures.get(s.index()))
          .isEqualTo(expected.get(fixtures.get(s.index())));
      assertThat(alert.path("evidence")).isNotEmpty();
      assertThat(alert.path("runbook").asText()).contains("/docs/runbooks/");
    }
    assertThat(stack.host.invocations()).allSatisfy(i -> assertThat(i.ok()).isTrue());
  }

  @Test
  void anActionableIncidentStartsOneRemediationWorkflowWhichRecordsItsDecision() throws Exception {
    // A sub-cause no other test here uses, so this incident is new whatever the test order.
    JsonNode event = Fixtures.event("task-state-change/oom-jvm-heap-vs-limit.json");
    String stateMachine = stack.deployment.output("RemediationStateMachineArn");

    List<LocalStackSession.Sent> sent = stack.putEvents(List.of(event, event));
    List<JsonNode> alerts = stack.alerts(1, WAIT);

    assertThat(sent).allSatisfy(s -> assertThat(s.error()).isNull());
    JsonNode alert =
        alerts.stream()
            .filter(a -> a.path("subcause").asText().equals("JVM_HEAP_VS_LIMIT"))
            .findFirst()
            .orElseThrow();
    String incidentId = alert.path("incidentId").asText();
    List<ExecutionListItem> executions =
        stack.sfn.listExecutions(r -> r.stateMachineArn(stateMachine)).executions().stream()
            .filter(e -> e.name().startsWith(incidentId.substring(0, 12)))
            .toList();
    assertThat(executions)
        .as("the repeat joins the incident; only its first occurrence starts a workflow")
        .singleElement()
        .satisfies(e -> assertThat(e.name()).isEqualTo(incidentId));
    DescribeExecutionResponse run =
        stack.awaitExecution(executions.getFirst().executionArn(), WAIT);
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Json.MAPPER.readTree(run.input()).path("mode").asText()).isEqualTo("PROPOSE");
    // The fixture's service does not exist in the emulator, so the workflow finds nothing to apply
    // and says why (RemediationWorkflowIT covers the paths that change something).
    assertThat(stack.auditItems("CLUSTER#"))
        .filteredOn(i -> i.containsKey("incidentId"))
        .filteredOn(i -> i.get("incidentId").s().equals(incidentId))
        .filteredOn(i -> i.get("decision").s().startsWith("REMEDIATION_"))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.get("decision").s()).isEqualTo("REMEDIATION_NOTHING_TO_APPLY");
              assertThat(i.get("detail").s()).isEqualTo("the service no longer exists");
              assertThat(i.get("category").s()).isEqualTo("OOM");
              assertThat(Long.parseLong(i.get("expiresAt").n()))
                  .isGreaterThan(Instant.now().plus(Duration.ofDays(80)).getEpochSecond());
            });
  }

  /**
   * The deep check in the alert: an ALB 502 alarm on a target group whose health checks go to the
   * wrong port, behind a service whose security group keeps the load balancer out.
   */
  @Test
  void anAlbAlarmsAlertCarriesTheChecklistsFailingSteps() throws Exception {
    String tg =
        new AlbEstate(stack.aws, "triage-alb").seed("triage-alb", 80, "80", false, null, null);
    ObjectNode event = (ObjectNode) Fixtures.event("alarm/alb-elb-502.json");
    ObjectNode dimensions =
        (ObjectNode) event.at("/detail/configuration/metrics/0/metricStat/metric/dimensions");
    dimensions.put("TargetGroup", tg.substring(tg.indexOf("targetgroup/")));

    List<LocalStackSession.Sent> sent = stack.putEvents(List.of(event));
    JsonNode alert =
        stack.alerts(1, WAIT).stream()
            .filter(a -> a.path("eventId").asText().equals(sent.getFirst().eventId()))
            .findFirst()
            .orElseThrow();

    assertThat(alert.path("category").asText()).isEqualTo("ELB_HEALTH_CHECK");
    assertThat(alert.path("checked").get(0).asText())
        .startsWith("alb-check triage-alb/triage-alb targetgroup/triage-alb-tg/")
        .contains(" FAIL, ");
    assertThat(alert.path("checked").toString())
        .contains("alb.port: health checks go to port 80, the container listens on 8080")
        .contains("alb.security-group: no task security group allows sg-");
    assertThat(stack.auditItems("CLUSTER#"))
        .filteredOn(i -> i.containsKey("decision") && i.get("decision").s().equals("CHECKED"))
        .filteredOn(i -> i.get("detail").s().contains("alb.port"))
        .isNotEmpty();
    // The alarm named only the target group; the check found the service, so the workflow runs
    // on it.
    String incidentId = alert.path("incidentId").asText();
    String stateMachine = stack.deployment.output("RemediationStateMachineArn");
    ExecutionListItem run =
        stack.sfn.listExecutions(r -> r.stateMachineArn(stateMachine)).executions().stream()
            .filter(e -> e.name().equals(incidentId))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no workflow for incident " + incidentId));
    JsonNode input =
        Json.MAPPER.readTree(
            stack.sfn.describeExecution(r -> r.executionArn(run.executionArn())).input());
    assertThat(input.at("/finding/resource/service").asText()).isEqualTo("triage-alb");
    assertThat(input.at("/finding/resource/cluster").asText()).isEqualTo("triage-alb");
  }

  @Test
  void eventsThatAreNotFailureSignalsProduceNothing() throws Exception {
    List<String> negatives =
        List.of(
            "task-state-change/expected-running-info.json",
            "service-action/steady-state.json",
            "alarm/alb-502-back-to-ok.json",
            "cloudtrail/update-service-succeeded.json");
    int invocationsBefore = stack.host.invocations().size();

    List<LocalStackSession.Sent> sent =
        stack.putEvents(negatives.stream().map(Fixtures::event).toList());

    assertThat(sent).allSatisfy(s -> assertThat(s.error()).isNull());
    assertThat(stack.alerts(0, Duration.ofSeconds(4))).isEmpty();
    assertThat(stack.host.invocations()).hasSize(invocationsBefore);
  }

  @Test
  void aPoisonedEventIsParkedOnTheDeadLetterQueueWithItsReason() throws Exception {
    JsonNode poisoned = Fixtures.event("invalid/task-containers-not-an-array.json");
    assertThat(poisoned.path("detail").path("lastStatus").asText())
        .as("the fixture must pass the rule to reach triage")
        .isEqualTo("STOPPED");

    stack.putEvents(List.of(poisoned));
    List<JsonNode> parked = stack.deadLetters(1, WAIT);

    assertThat(parked).hasSize(1);
    assertThat(parked.getFirst().path("reason").asText()).contains("detail.containers");
    assertThat(parked.getFirst().path("event").asText()).contains("ECS Task State Change");
    assertThat(stack.alerts(0, Duration.ofSeconds(2))).isEmpty();
  }
}
