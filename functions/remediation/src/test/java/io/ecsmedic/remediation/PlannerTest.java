package io.ecsmedic.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.plan.FargateSizes;
import io.ecsmedic.workflow.WorkflowJson;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan from the finding's proposals and the live state: which action, with what, and how. */
class PlannerTest {
  private static final Map<String, String> ENV =
      Map.of(
          "AUDIT_TABLE_NAME",
          "audit",
          "ALERT_TOPIC_ARN",
          "arn:aws:sns:us-east-1:1:t",
          "AWS_REGION",
          "us-east-1");

  private static RemediationSettings settings(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(ENV);
    env.putAll(extra);
    return RemediationSettings.fromEnv(env);
  }

  /** The plan as the state machine sees it in {@code plan}. */
  private static JsonNode plan(Planner planner, ObjectNode state) {
    return WorkflowJson.toJson(planner.plan(WorkflowJson.state(state)));
  }

  private static ObjectNode state(String mode, String... actionTypes) {
    ObjectNode state = Json.MAPPER.createObjectNode().put("mode", mode).put("incidentId", "i-1");
    ObjectNode finding = state.putObject("finding");
    finding.putObject("resource").put("cluster", "prod").put("service", "orders-api");
    for (String t : actionTypes) {
      finding.withArray("actions").addObject().put("type", t).put("title", "do " + t);
    }
    ObjectNode live = state.putObject("enrichment").put("found", true);
    ObjectNode svc =
        live.putObject("service")
            .put("taskDefinition", "arn:aws:ecs:us-east-1:1:task-definition/orders-api:7")
            .put("healthCheckGracePeriodSeconds", 0)
            .put("enableExecuteCommand", false);
    svc.putObject("circuitBreaker").put("enable", false).put("rollback", false);
    svc.putArray("loadBalancers").addObject().put("targetGroupArn", "arn:tg");
    live.putObject("taskDefinition")
        .put("arn", "arn:aws:ecs:us-east-1:1:task-definition/orders-api:7")
        .put("cpu", "512")
        .put("memory", "1024")
        .put("fargate", true);
    live.putArray("targetGroups")
        .addObject()
        .put("arn", "arn:tg")
        .put("deregistrationDelaySeconds", 300);
    live.putArray("logGroups").addObject().put("name", "/ecs/orders-api").put("exists", true);
    return state;
  }

  @Test
  void raiseMemoryProposesTheNextValidFargatePairAndNeedsApprovalInPropose() {
    JsonNode plan = plan(new Planner(settings(Map.of())), state("PROPOSE", "RAISE_MEMORY"));

    assertThat(plan.get("decision").asText()).isEqualTo("NEEDS_APPROVAL");
    JsonNode p = plan.at("/action/params");
    assertThat(p.get("fromMemory").asInt()).isEqualTo(1024);
    assertThat(FargateSizes.isValid(p.get("toCpu").asInt(), p.get("toMemory").asInt())).isTrue();
    assertThat(p.get("toMemory").asInt()).isGreaterThan(1024);
    assertThat(plan.at("/action/undo").asText())
        .isEqualTo(
            "aws ecs update-service --cluster prod --service orders-api --task-definition"
                + " arn:aws:ecs:us-east-1:1:task-definition/orders-api:7");
    assertThat(plan.get("verifyIntervalSeconds").asInt()).isEqualTo(15);
  }

  @Test
  void autoAppliesOnlyLowRiskAllowListedActionsOnAllowListedClusters() {
    Planner onProd = new Planner(settings(Map.of("AUTO_CLUSTERS", "prod")));
    Planner nowhere = new Planner(settings(Map.of()));

    assertThat(plan(onProd, state("AUTO", "FORCE_NEW_DEPLOYMENT")).get("decision").asText())
        .isEqualTo("AUTO");
    assertThat(plan(nowhere, state("AUTO", "FORCE_NEW_DEPLOYMENT")).get("reason").asText())
        .isEqualTo("cluster prod is not in AUTO_CLUSTERS");
    assertThat(plan(onProd, state("AUTO", "RAISE_MEMORY")).get("reason").asText())
        .isEqualTo("RAISE_MEMORY is MEDIUM risk: AUTO applies only LOW-risk actions");
    assertThat(plan(onProd, state("AUTO", "ENABLE_EXECUTE_COMMAND")).get("reason").asText())
        .isEqualTo("ENABLE_EXECUTE_COMMAND is not in AUTO_ACTIONS");
    assertThat(plan(onProd, state("OBSERVE", "FORCE_NEW_DEPLOYMENT")).get("decision").asText())
        .isEqualTo("OBSERVE");
  }

  @Test
  void skipsProposalsTheLiveStateAlreadySatisfiesAndListsTheRestAsAlternatives() {
    ObjectNode state =
        state(
            "PROPOSE",
            "MANUAL",
            "CREATE_LOG_GROUP",
            "SET_DEREGISTRATION_DELAY",
            "FORCE_NEW_DEPLOYMENT");

    JsonNode plan = plan(new Planner(settings(Map.of())), state);

    assertThat(plan.at("/action/type").asText()).isEqualTo("SET_DEREGISTRATION_DELAY");
    assertThat(plan.at("/action/params/from").asInt()).isEqualTo(300);
    assertThat(plan.at("/action/params/to").asInt()).isEqualTo(Planner.TARGET_DEREGISTRATION_DELAY);
    assertThat(plan.get("alternatives"))
        .extracting(JsonNode::asText)
        .containsExactly("do MANUAL", "do CREATE_LOG_GROUP", "do FORCE_NEW_DEPLOYMENT");
  }

  @Test
  void nothingToApplyWhenTheServiceIsGoneOrNoProposalApplies() {
    ObjectNode gone = state("PROPOSE", "FORCE_NEW_DEPLOYMENT");
    gone.with("enrichment").put("found", false);
    ObjectNode noRollbackTarget = state("PROPOSE", "ROLLBACK_TASK_DEFINITION");

    assertThat(plan(new Planner(settings(Map.of())), gone).get("reason").asText())
        .isEqualTo("the service no longer exists");
    assertThat(plan(new Planner(settings(Map.of())), noRollbackTarget).get("decision").asText())
        .isEqualTo("NOTHING_TO_APPLY");
  }

  @Test
  void anActionOutsideAllowedActionsIsNeverPlanned() {
    JsonNode plan =
        plan(
            new Planner(settings(Map.of("ALLOWED_ACTIONS", "FORCE_NEW_DEPLOYMENT"))),
            state("PROPOSE", "RAISE_MEMORY"));

    assertThat(plan.get("decision").asText()).isEqualTo("NOTHING_TO_APPLY");
  }

  @Test
  void settingsRefuseARiskyActionInAutoActionsAndUnknownNames() {
    assertThatThrownBy(() -> settings(Map.of("AUTO_ACTIONS", "RAISE_MEMORY")))
        .hasMessage("AUTO_ACTIONS may list only LOW-risk actions; RAISE_MEMORY is MEDIUM");
    assertThatThrownBy(() -> settings(Map.of("ALLOWED_ACTIONS", "DELETE_CLUSTER")))
        .hasMessageContaining("DELETE_CLUSTER, which is not an action ecs-medic applies");
  }

  @Test
  void enablingExecOnAServiceThatHasItReplacesTasksOnlyWhenTheCheckSaysTheyPredateIt() {
    ObjectNode enabled = state("PROPOSE", "ENABLE_EXECUTE_COMMAND");
    ((ObjectNode) enabled.at("/enrichment/service")).put("enableExecuteCommand", true);
    ObjectNode predates = enabled.deepCopy();
    ObjectNode check =
        ((ObjectNode) predates.get("enrichment"))
            .putObject("check")
            .put("checker", "exec-check")
            .put("category", "ECS_EXEC")
            .put("subject", "prod/task-1");
    check.putArray("notes");
    check
        .putArray("results")
        .addObject()
        .put("id", "exec.enabled")
        .put("step", "ECS Exec is enabled on the task")
        .put("status", "FAIL")
        .put(
            "evidence",
            "service orders-api has enableExecuteCommand on, but this task was started before it was turned on")
        .put("fix", "aws ecs update-service --force-new-deployment");

    Planner planner = new Planner(settings(Map.of()));

    assertThat(plan(planner, enabled).get("decision").asText()).isEqualTo("NOTHING_TO_APPLY");
    JsonNode plan = plan(planner, predates);
    assertThat(plan.get("decision").asText()).isEqualTo("NEEDS_APPROVAL");
    assertThat(plan.at("/action/type").asText()).isEqualTo("ENABLE_EXECUTE_COMMAND");
    assertThat(plan.at("/action/undo").asText())
        .startsWith("nothing to undo: ECS Exec was already on");
  }
}
