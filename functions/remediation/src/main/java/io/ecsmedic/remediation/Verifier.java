package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ActionType;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The Verify step, called in a bounded loop by the state machine. Status:
 *
 * <ul>
 *   <li>{@code STEADY}: the deployment the action started completed (or the changed attribute reads
 *       back as set);
 *   <li>{@code ROLLED_BACK}: the circuit breaker rolled the deployment back. A rollback is not
 *       success: the service is back where it was, and the alert says so;
 *   <li>{@code FAILED}: the deployment failed, or the change did not stick;
 *   <li>{@code IN_PROGRESS}: ask again later; {@code NOT_VERIFIED} after the last attempt.
 * </ul>
 */
final class Verifier {
  private final EcsClient ecs;
  private final ElasticLoadBalancingV2Client elb;
  private final CloudWatchLogsClient logs;
  private final int maxAttempts;

  /**
   * @param maxAttempts after this many checks a deployment still in progress is reported {@code
   *     NOT_VERIFIED}
   */
  Verifier(
      EcsClient ecs, ElasticLoadBalancingV2Client elb, CloudWatchLogsClient logs, int maxAttempts) {
    this.ecs = ecs;
    this.elb = elb;
    this.logs = logs;
    this.maxAttempts = maxAttempts;
  }

  ObjectNode verify(JsonNode state) {
    JsonNode action = state.at("/plan/action");
    JsonNode applied = state.path("applied");
    JsonNode p = action.path("params");
    int attempt = state.at("/verify/attempt").asInt(0) + 1;
    ObjectNode out = Json.MAPPER.createObjectNode().put("attempt", attempt);
    ActionType type = ActionType.valueOf(action.path("type").asText());
    switch (type) {
      case SET_DEREGISTRATION_DELAY -> {
        String value =
            elb
                .describeTargetGroupAttributes(
                    r -> r.targetGroupArn(p.path("targetGroupArn").asText()))
                .attributes()
                .stream()
                .filter(a -> a.key().equals("deregistration_delay.timeout_seconds"))
                .map(a -> a.value())
                .findFirst()
                .orElse("");
        boolean set = value.equals(Integer.toString(p.path("to").asInt()));
        return out.put("status", set ? "STEADY" : "FAILED")
            .put("detail", "deregistration delay reads back as " + value + " s");
      }
      case CREATE_LOG_GROUP -> {
        String name = p.path("logGroupName").asText();
        boolean exists =
            logs.describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .anyMatch(g -> g.logGroupName().equals(name));
        return out.put("status", exists ? "STEADY" : "FAILED")
            .put("detail", "log group " + name + (exists ? " exists" : " is missing"));
      }
      default -> {
        ObjectNode result = deployment(out, p, applied);
        if ("IN_PROGRESS".equals(result.path("status").asText()) && attempt >= maxAttempts) {
          result.put("status", "NOT_VERIFIED");
        }
        return result;
      }
    }
  }

  private ObjectNode deployment(ObjectNode out, JsonNode p, JsonNode applied) {
    Service s =
        Enricher.describeService(ecs, p.path("cluster").asText(), p.path("service").asText());
    if (s == null) {
      return out.put("status", "FAILED").put("detail", "the service disappeared");
    }
    String id = applied.path("deploymentId").asText("");
    Deployment ours =
        s.deployments().stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    Deployment primary = Enricher.primary(s);
    if (ours == null || primary == null) {
      return out.put("status", "FAILED").put("detail", "deployment " + id + " is gone");
    }
    String reason = ours.rolloutStateReason() == null ? "" : ours.rolloutStateReason();
    if (!primary.id().equals(id)
        || reason.toLowerCase(java.util.Locale.ROOT).contains("rolled back")
        || Enricher.rollingBack(s)) {
      return out.put("status", "ROLLED_BACK")
          .put(
              "detail",
              "the deployment was rolled back: "
                  + (reason.isEmpty() ? primary.taskDefinition() : reason));
    }
    return switch (ours.rolloutStateAsString()) {
      case "COMPLETED" ->
          out.put("status", "STEADY")
              .put(
                  "detail",
                  "deployment " + id + " completed: " + ours.runningCount() + " tasks running");
      case "FAILED" ->
          out.put("status", "FAILED").put("detail", "deployment " + id + " failed: " + reason);
      default ->
          out.put("status", "IN_PROGRESS")
              .put(
                  "detail",
                  "deployment "
                      + id
                      + ": "
                      + ours.runningCount()
                      + " of "
                      + ours.desiredCount()
                      + " tasks running");
    };
  }
}
