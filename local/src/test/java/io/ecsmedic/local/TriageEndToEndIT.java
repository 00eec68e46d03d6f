package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
    stack = LocalStackSession.open(Fixtures.ROOT, "ecs-medic-e2e-triage");
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
    JsonNode poisoned = Fixtures.event("invalid/task-without-taskArn.json");
    assertThat(poisoned.path("detail").path("lastStatus").asText())
        .as("the fixture must pass the rule to reach triage")
        .isEqualTo("STOPPED");

    stack.putEvents(List.of(poisoned));
    List<JsonNode> parked = stack.deadLetters(1, WAIT);

    assertThat(parked).hasSize(1);
    assertThat(parked.getFirst().path("reason").asText()).contains("detail.taskArn");
    assertThat(parked.getFirst().path("event").asText()).contains("ECS Task State Change");
    assertThat(stack.alerts(0, Duration.ofSeconds(2))).isEmpty();
  }
}
