package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ActionType;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The Apply step: exactly the planned action, with the planned parameters, and nothing else. Each
 * API call is listed in the result (and so in the audit record); a service update returns the id of
 * the deployment it started, which Verify follows.
 */
final class Applier {
  private final EcsClient ecs;
  private final ElasticLoadBalancingV2Client elb;
  private final CloudWatchLogsClient logs;

  Applier(EcsClient ecs, ElasticLoadBalancingV2Client elb, CloudWatchLogsClient logs) {
    this.ecs = ecs;
    this.elb = elb;
    this.logs = logs;
  }

  ObjectNode apply(JsonNode action) {
    ActionType type = ActionType.valueOf(action.path("type").asText());
    JsonNode p = action.path("params");
    String cluster = p.path("cluster").asText();
    String service = p.path("service").asText();
    ObjectNode out = Json.MAPPER.createObjectNode().put("type", type.name());
    ArrayNode calls = out.putArray("calls");
    Service updated =
        switch (type) {
          case FORCE_NEW_DEPLOYMENT -> {
            calls.add("ecs:UpdateService forceNewDeployment=true");
            yield ecs.updateService(
                    r -> r.cluster(cluster).service(service).forceNewDeployment(true))
                .service();
          }
          case ENABLE_EXECUTE_COMMAND -> {
            calls.add("ecs:UpdateService enableExecuteCommand=true forceNewDeployment=true");
            yield ecs.updateService(
                    r ->
                        r.cluster(cluster)
                            .service(service)
                            .enableExecuteCommand(true)
                            .forceNewDeployment(true))
                .service();
          }
          case RAISE_MEMORY -> {
            String arn = raiseMemory(p);
            out.put("newTaskDefinition", arn);
            calls.add(
                "ecs:RegisterTaskDefinition memory="
                    + p.path("toMemory").asInt()
                    + " cpu="
                    + p.path("toCpu").asInt());
            calls.add("ecs:UpdateService taskDefinition=" + arn);
            yield ecs.updateService(r -> r.cluster(cluster).service(service).taskDefinition(arn))
                .service();
          }
          case SET_HEALTH_CHECK_GRACE_PERIOD -> {
            int to = p.path("to").asInt();
            calls.add("ecs:UpdateService healthCheckGracePeriodSeconds=" + to);
            yield ecs.updateService(
                    r -> r.cluster(cluster).service(service).healthCheckGracePeriodSeconds(to))
                .service();
          }
          case ENABLE_CIRCUIT_BREAKER_ROLLBACK -> {
            calls.add("ecs:UpdateService deploymentCircuitBreaker={enable=true,rollback=true}");
            yield ecs.updateService(
                    r ->
                        r.cluster(cluster)
                            .service(service)
                            .deploymentConfiguration(
                                c ->
                                    c.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))))
                .service();
          }
          case ROLLBACK_TASK_DEFINITION -> {
            String to = p.path("to").asText();
            calls.add("ecs:UpdateService taskDefinition=" + to);
            yield ecs.updateService(r -> r.cluster(cluster).service(service).taskDefinition(to))
                .service();
          }
          case SET_DEREGISTRATION_DELAY -> {
            String group = p.path("targetGroupArn").asText();
            String to = Integer.toString(p.path("to").asInt());
            calls.add(
                "elasticloadbalancing:ModifyTargetGroupAttributes deregistration_delay.timeout_seconds="
                    + to);
            elb.modifyTargetGroupAttributes(
                r ->
                    r.targetGroupArn(group)
                        .attributes(a -> a.key("deregistration_delay.timeout_seconds").value(to)));
            yield null;
          }
          case CREATE_LOG_GROUP -> {
            String name = p.path("logGroupName").asText();
            calls.add("logs:CreateLogGroup " + name);
            logs.createLogGroup(r -> r.logGroupName(name));
            yield null;
          }
          default -> throw new IllegalArgumentException(type + " is not applied by ecs-medic");
        };
    if (updated != null) {
      var primary = Enricher.primary(updated);
      if (primary != null) {
        out.put("deploymentId", primary.id());
      }
      out.put("taskDefinition", updated.taskDefinition());
    }
    return out;
  }

  /**
   * A container-level hard limit ({@code memory}) would still OOM-kill below the new task size, so
   * each is raised by the same amount, as long as their sum stays within the task; otherwise they
   * are left alone (the proposal's snippet says what to change by hand).
   */
  private static ContainerDefinition[] raisedHardLimits(
      TaskDefinition td, int added, int taskMemory) {
    int sum =
        td.containerDefinitions().stream()
            .filter(c -> c.memory() != null)
            .mapToInt(c -> c.memory() + added)
            .sum();
    return td.containerDefinitions().stream()
        .map(
            c ->
                c.memory() == null || sum > taskMemory
                    ? c
                    : c.toBuilder().memory(c.memory() + added).build())
        .toArray(ContainerDefinition[]::new);
  }

  /** A new revision of the running task definition with the next valid Fargate size. */
  private String raiseMemory(JsonNode p) {
    TaskDefinition td =
        ecs.describeTaskDefinition(r -> r.taskDefinition(p.path("taskDefinition").asText()))
            .taskDefinition();
    int added = p.path("toMemory").asInt() - p.path("fromMemory").asInt();
    RegisterTaskDefinitionRequest.Builder b =
        RegisterTaskDefinitionRequest.builder()
            .family(td.family())
            .taskRoleArn(td.taskRoleArn())
            .executionRoleArn(td.executionRoleArn())
            .networkMode(td.networkMode())
            .volumes(td.volumes())
            .placementConstraints(td.placementConstraints())
            .requiresCompatibilities(td.requiresCompatibilities())
            .runtimePlatform(td.runtimePlatform())
            .ephemeralStorage(td.ephemeralStorage())
            .pidMode(td.pidMode())
            .ipcMode(td.ipcMode())
            .proxyConfiguration(td.proxyConfiguration())
            .cpu(Integer.toString(p.path("toCpu").asInt()))
            .memory(Integer.toString(p.path("toMemory").asInt()))
            .containerDefinitions(raisedHardLimits(td, added, p.path("toMemory").asInt()));
    return ecs.registerTaskDefinition(b.build()).taskDefinition().taskDefinitionArn();
  }
}
