package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Risk;
import io.ecsmedic.plan.FargateSizes;
import java.util.Optional;

/**
 * The Plan step: turns the finding's proposed actions (in the classifier's order of preference)
 * into at most one concrete action with its parameters, read from the live state, and decides how
 * it may go ahead (docs/remediation.md, "Safety model").
 *
 * <p>One action per incident, on purpose: one change, then verify it, is what an operator can
 * reason about at 3 a.m. The other proposals are listed as alternatives for a human.
 *
 * <p>Decisions: {@code NOTHING_TO_APPLY} (no proposal applies to the live state, e.g. the service
 * is gone or already configured), {@code OBSERVE}, {@code AUTO} (AUTO mode, a LOW-risk action in
 * AUTO_ACTIONS, on a cluster in AUTO_CLUSTERS) or {@code NEEDS_APPROVAL}.
 */
final class Planner {
  static final int TARGET_DEREGISTRATION_DELAY = 30;
  static final int MIN_GRACE_PERIOD = 120;
  static final int MAX_GRACE_PERIOD = 1800;

  private final RemediationSettings settings;

  Planner(RemediationSettings settings) {
    this.settings = settings;
  }

  ObjectNode plan(JsonNode state) {
    JsonNode finding = state.path("finding");
    JsonNode live = state.path("enrichment");
    String cluster = finding.at("/resource/cluster").asText();
    String service = finding.at("/resource/service").asText();
    String mode = state.path("mode").asText("PROPOSE");
    ObjectNode plan = Json.MAPPER.createObjectNode();
    ArrayNode alternatives = plan.putArray("alternatives");
    ObjectNode chosen = null;
    for (JsonNode proposal : finding.path("actions")) {
      ActionType type = type(proposal);
      Optional<ObjectNode> concrete =
          type == null
                  || !settings.allowedActions().contains(type)
                  || !live.path("found").asBoolean()
              ? Optional.empty()
              : concrete(type, cluster, service, live);
      if (chosen == null && concrete.isPresent()) {
        chosen = concrete.get();
      } else {
        alternatives.add(proposal.path("title").asText());
      }
    }
    if (chosen == null) {
      return plan.put("decision", "NOTHING_TO_APPLY")
          .put(
              "reason",
              live.path("found").asBoolean()
                  ? "no proposed action applies to the live service (already in that state, or not one ecs-medic applies)"
                  : "the service no longer exists");
    }
    plan.set("action", chosen);
    plan.put("verifyIntervalSeconds", settings.verifyInterval().toSeconds());
    ActionType type = ActionType.valueOf(chosen.get("type").asText());
    if ("OBSERVE".equals(mode)) {
      return plan.put("decision", "OBSERVE").put("reason", "mode OBSERVE: notify only");
    }
    if ("AUTO".equals(mode)
        && type.risk() == Risk.LOW
        && settings.autoActions().contains(type)
        && settings.autoAllowedOn(cluster)) {
      return plan.put("decision", "AUTO")
          .put("reason", "AUTO: low-risk, allow-listed action on an allow-listed cluster");
    }
    String why =
        !"AUTO".equals(mode)
            ? "mode " + mode + ": a human approves every change"
            : type.risk() != Risk.LOW
                ? type + " is " + type.risk() + " risk: AUTO applies only LOW-risk actions"
                : !settings.autoActions().contains(type)
                    ? type + " is not in AUTO_ACTIONS"
                    : "cluster " + cluster + " is not in AUTO_CLUSTERS";
    return plan.put("decision", "NEEDS_APPROVAL").put("reason", why);
  }

  /**
   * exec-check failed {@code exec.enabled} on a service that has the flag: the task started before
   * ECS Exec was enabled, and only new tasks get it.
   */
  static boolean taskPredatesExec(JsonNode live) {
    JsonNode check = live.path("check");
    if (!check.path("checker").asText().equals("exec-check")) {
      return false;
    }
    for (JsonNode step : check.path("results")) {
      if (step.path("id").asText().equals("exec.enabled")) {
        return step.path("status").asText().equals("FAIL");
      }
    }
    return false;
  }

  private static ActionType type(JsonNode proposal) {
    try {
      ActionType t = ActionType.valueOf(proposal.path("type").asText());
      return t.automatable() ? t : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The action with its parameters, or empty when it does not apply to the live state. */
  static Optional<ObjectNode> concrete(
      ActionType type, String cluster, String service, JsonNode live) {
    JsonNode svc = live.path("service");
    JsonNode td = live.path("taskDefinition");
    ObjectNode params =
        Json.MAPPER.createObjectNode().put("cluster", cluster).put("service", service);
    String undo;
    switch (type) {
      case FORCE_NEW_DEPLOYMENT ->
          undo = "nothing to undo: the tasks are replaced with the same task definition";
      case ENABLE_EXECUTE_COMMAND -> {
        if (!svc.path("enableExecuteCommand").asBoolean()) {
          undo = cli(cluster, service, "--disable-execute-command");
        } else if (taskPredatesExec(live)) {
          // The same call (flag on, new deployment) replaces the tasks that started without it.
          undo =
              "nothing to undo: ECS Exec was already on; the tasks are replaced with the same task definition";
        } else {
          return Optional.empty();
        }
      }
      case RAISE_MEMORY -> {
        if (!td.path("fargate").asBoolean()) {
          return Optional.empty();
        }
        int cpu;
        int memory;
        try {
          cpu = Integer.parseInt(td.path("cpu").asText());
          memory = Integer.parseInt(td.path("memory").asText());
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        Optional<FargateSizes.Size> next = FargateSizes.nextMemoryStep(cpu, memory);
        if (next.isEmpty()) {
          return Optional.empty();
        }
        params
            .put("taskDefinition", td.path("arn").asText())
            .put("fromCpu", cpu)
            .put("fromMemory", memory)
            .put("toCpu", next.get().cpu())
            .put("toMemory", next.get().memoryMiB());
        undo = cli(cluster, service, "--task-definition " + td.path("arn").asText());
      }
      case SET_DEREGISTRATION_DELAY -> {
        JsonNode group = null;
        for (JsonNode g : live.path("targetGroups")) {
          if (g.path("deregistrationDelaySeconds").asInt(0) > TARGET_DEREGISTRATION_DELAY) {
            group = g;
            break;
          }
        }
        if (group == null) {
          return Optional.empty();
        }
        int from = group.path("deregistrationDelaySeconds").asInt();
        params
            .put("targetGroupArn", group.path("arn").asText())
            .put("from", from)
            .put("to", TARGET_DEREGISTRATION_DELAY);
        undo =
            "aws elbv2 modify-target-group-attributes --target-group-arn "
                + group.path("arn").asText()
                + " --attributes Key=deregistration_delay.timeout_seconds,Value="
                + from;
      }
      case SET_HEALTH_CHECK_GRACE_PERIOD -> {
        int from = svc.path("healthCheckGracePeriodSeconds").asInt(0);
        if (svc.path("loadBalancers").isEmpty() || from >= MIN_GRACE_PERIOD) {
          return Optional.empty();
        }
        params
            .put("from", from)
            .put("to", Math.min(Math.max(MIN_GRACE_PERIOD, 2 * from), MAX_GRACE_PERIOD));
        undo = cli(cluster, service, "--health-check-grace-period-seconds " + from);
      }
      case ENABLE_CIRCUIT_BREAKER_ROLLBACK -> {
        JsonNode breaker = svc.path("circuitBreaker");
        if (breaker.path("enable").asBoolean() && breaker.path("rollback").asBoolean()) {
          return Optional.empty();
        }
        undo =
            cli(
                cluster,
                service,
                "--deployment-configuration 'deploymentCircuitBreaker={enable="
                    + breaker.path("enable").asBoolean()
                    + ",rollback="
                    + breaker.path("rollback").asBoolean()
                    + "}'");
      }
      case ROLLBACK_TASK_DEFINITION -> {
        String previous = live.path("previousTaskDefinition").asText("");
        if (previous.isEmpty()) {
          return Optional.empty();
        }
        params.put("from", svc.path("taskDefinition").asText()).put("to", previous);
        undo = cli(cluster, service, "--task-definition " + svc.path("taskDefinition").asText());
      }
      case CREATE_LOG_GROUP -> {
        String missing = null;
        for (JsonNode g : live.path("logGroups")) {
          if (!g.path("exists").asBoolean()) {
            missing = g.path("name").asText();
            break;
          }
        }
        if (missing == null) {
          return Optional.empty();
        }
        params.put("logGroupName", missing);
        undo =
            "aws logs delete-log-group --log-group-name " + missing + " (only while it is empty)";
      }
      default -> {
        return Optional.empty();
      }
    }
    ObjectNode action =
        Json.MAPPER
            .createObjectNode()
            .put("type", type.name())
            .put("risk", type.risk().name())
            .put("reversible", type.reversible())
            .put("title", type.title())
            .put("undo", undo);
    action.set("params", params);
    return Optional.of(action);
  }

  private static String cli(String cluster, String service, String args) {
    return "aws ecs update-service --cluster " + cluster + " --service " + service + " " + args;
  }
}
