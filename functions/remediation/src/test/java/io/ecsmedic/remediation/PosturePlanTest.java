package io.ecsmedic.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.posture.PostureFacts;
import io.ecsmedic.posture.PostureFacts.TargetGroup;
import io.ecsmedic.posture.PostureProposal;
import io.ecsmedic.posture.PostureRule;
import io.ecsmedic.posture.PostureRules;
import io.ecsmedic.posture.RuleResult;
import io.ecsmedic.posture.ServiceReport;
import io.ecsmedic.workflow.WorkflowJson;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A finding that {@code ecs-medic scan --propose} starts the workflow with is planned like an
 * incident's: Plan makes the rule's typed action concrete from the live service and, in PROPOSE,
 * asks a human.
 */
class PosturePlanTest {
  @ParameterizedTest
  @CsvSource({
    "posture.circuit-breaker, ENABLE_CIRCUIT_BREAKER_ROLLBACK, cluster, prod",
    "posture.grace-period, SET_HEALTH_CHECK_GRACE_PERIOD, to, " + Planner.MIN_GRACE_PERIOD,
    "posture.deregistration-delay, SET_DEREGISTRATION_DELAY, to, "
        + Planner.TARGET_DEREGISTRATION_DELAY
  })
  void planMakesTheRulesActionConcreteFromTheLiveServiceAndNeedsApproval(
      String ruleId, String action, String param, String value) {
    JsonNode plan = plan(ruleId, false, 0, 300);

    assertThat(plan.get("decision").asText()).as(plan.toString()).isEqualTo("NEEDS_APPROVAL");
    assertThat(plan.at("/action/type").asText()).isEqualTo(action);
    assertThat(plan.at("/action/params/" + param).asText()).isEqualTo(value);
  }

  @Test
  void aServiceFixedSinceTheScanHasNothingToApply() {
    assertThat(plan("posture.circuit-breaker", true, 0, 300).get("decision").asText())
        .isEqualTo("NOTHING_TO_APPLY");
    assertThat(plan("posture.grace-period", false, 300, 300).get("decision").asText())
        .isEqualTo("NOTHING_TO_APPLY");
    assertThat(plan("posture.deregistration-delay", false, 0, 30).get("decision").asText())
        .isEqualTo("NOTHING_TO_APPLY");
  }

  @Test
  void theScanProposesTheDelayPlanSets() {
    assertThat(PostureProposal.WORKFLOW_DEREGISTRATION_SECONDS)
        .isEqualTo(Planner.TARGET_DEREGISTRATION_DELAY);
  }

  /** The plan for a scan's finding of the rule, against a live service as Enrich reads it. */
  private static JsonNode plan(String ruleId, boolean breakerOn, int grace, int delay) {
    PostureRule rule = PostureRules.byId(ruleId).orElseThrow();
    ServiceReport report =
        new ServiceReport(
            "prod",
            "orders-api",
            List.of(RuleResult.fail(rule, "as scanned", "the rule's fix")),
            List.of());
    PostureProposal.Proposed proposed =
        (PostureProposal.Proposed)
            PostureProposal.of(
                report,
                new PostureFacts(
                    "prod",
                    "orders-api",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(new TargetGroup("arn:tg", 300, null)),
                    null,
                    null,
                    null,
                    null),
                rule,
                LocalDate.of(2026, 12, 6));
    ObjectNode state =
        Json.MAPPER
            .createObjectNode()
            .put("mode", "PROPOSE")
            .put("incidentId", proposed.incidentId());
    state.set("finding", FindingJson.toJson(proposed.finding()));
    ObjectNode live = state.putObject("enrichment").put("found", true);
    ObjectNode svc =
        live.putObject("service")
            .put("taskDefinition", "arn:aws:ecs:us-east-1:1:task-definition/orders-api:7")
            .put("healthCheckGracePeriodSeconds", grace)
            .put("enableExecuteCommand", false);
    svc.putObject("circuitBreaker").put("enable", breakerOn).put("rollback", breakerOn);
    svc.putArray("loadBalancers").addObject().put("targetGroupArn", "arn:tg");
    live.putArray("targetGroups")
        .addObject()
        .put("arn", "arn:tg")
        .put("deregistrationDelaySeconds", delay);
    Planner planner =
        new Planner(
            RemediationSettings.fromEnv(
                Map.of(
                    "AUDIT_TABLE_NAME",
                    "audit",
                    "ALERT_TOPIC_ARN",
                    "arn:aws:sns:us-east-1:1:t",
                    "AWS_REGION",
                    "us-east-1")));
    return WorkflowJson.toJson(planner.plan(WorkflowJson.state(state)));
  }
}
