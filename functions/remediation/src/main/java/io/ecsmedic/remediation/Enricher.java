package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

/**
 * The Enrich step: the live state the plan and the re-check need, read with a handful of bounded
 * calls (each SDK call is time-limited in {@link AwsClients}; lists are capped).
 *
 * <ul>
 *   <li>ECS: the service (task definition, deployments and their rollout state, the latest service
 *       events, circuit breaker, load balancers, ECS Exec, grace period) and its task definition
 *       (cpu, memory, containers, log groups); the revision a rollback would return to;
 *   <li>ELBv2: each target group's deregistration delay;
 *   <li>CloudWatch Logs: whether each awslogs group exists.
 * </ul>
 *
 * A service that no longer exists is reported ({@code found: false}), not thrown: the plan then has
 * nothing to apply and says so.
 */
final class Enricher {
  static final int MAX_EVENTS = 5;
  static final int MAX_DEPLOYMENTS = 5;

  private final EcsClient ecs;
  private final ElasticLoadBalancingV2Client elb;
  private final CloudWatchLogsClient logs;

  Enricher(EcsClient ecs, ElasticLoadBalancingV2Client elb, CloudWatchLogsClient logs) {
    this.ecs = ecs;
    this.elb = elb;
    this.logs = logs;
  }

  ObjectNode enrich(String cluster, String serviceName) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode notes = out.putArray("notes");
    Service service = describeService(ecs, cluster, serviceName);
    if (service == null) {
      out.put("found", false);
      notes.add("service " + serviceName + " not found in cluster " + cluster);
      return out;
    }
    out.put("found", true);
    out.set("service", serviceJson(service));

    TaskDefinition td =
        ecs.describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition()))
            .taskDefinition();
    out.set("taskDefinition", taskDefinitionJson(td));
    String previous = previousTaskDefinition(service, td);
    if (previous != null) {
      out.put("previousTaskDefinition", previous);
    } else {
      notes.add("no earlier ACTIVE revision of " + td.family() + " to roll back to");
    }

    ArrayNode groups = out.putArray("targetGroups");
    for (LoadBalancer lb : service.loadBalancers()) {
      if (lb.targetGroupArn() == null) {
        continue;
      }
      ObjectNode g = groups.addObject().put("arn", lb.targetGroupArn());
      for (TargetGroupAttribute a :
          elb.describeTargetGroupAttributes(r -> r.targetGroupArn(lb.targetGroupArn()))
              .attributes()) {
        if (a.key().equals("deregistration_delay.timeout_seconds")) {
          g.put("deregistrationDelaySeconds", Integer.parseInt(a.value()));
        }
      }
    }

    ArrayNode logGroups = out.putArray("logGroups");
    for (String name : logGroupsOf(td)) {
      boolean exists =
          logs.describeLogGroups(r -> r.logGroupNamePrefix(name).limit(5)).logGroups().stream()
              .anyMatch(g -> g.logGroupName().equals(name));
      logGroups.addObject().put("name", name).put("exists", exists);
    }
    return out;
  }

  /** The service, or null when it does not exist (or is being deleted). */
  static Service describeService(EcsClient ecs, String cluster, String service) {
    try {
      DescribeServicesResponse r = ecs.describeServices(b -> b.cluster(cluster).services(service));
      return r.services().stream()
          .filter(s -> "ACTIVE".equals(s.status()) || "DRAINING".equals(s.status()))
          .findFirst()
          .orElse(null);
    } catch (EcsException e) {
      if ("ClusterNotFoundException".equals(e.awsErrorDetails().errorCode())) {
        return null;
      }
      throw e;
    }
  }

  static ObjectNode serviceJson(Service s) {
    ObjectNode o =
        Json.MAPPER
            .createObjectNode()
            .put("taskDefinition", s.taskDefinition())
            .put("desiredCount", s.desiredCount())
            .put("runningCount", s.runningCount())
            .put("enableExecuteCommand", Boolean.TRUE.equals(s.enableExecuteCommand()))
            .put(
                "healthCheckGracePeriodSeconds",
                s.healthCheckGracePeriodSeconds() == null ? 0 : s.healthCheckGracePeriodSeconds());
    var breaker =
        s.deploymentConfiguration() == null
            ? null
            : s.deploymentConfiguration().deploymentCircuitBreaker();
    o.putObject("circuitBreaker")
        .put("enable", breaker != null && Boolean.TRUE.equals(breaker.enable()))
        .put("rollback", breaker != null && Boolean.TRUE.equals(breaker.rollback()));
    Deployment primary = primary(s);
    if (primary != null) {
      o.put("primaryDeploymentId", primary.id());
      o.put("rolloutState", primary.rolloutStateAsString());
    }
    o.put("rollingBack", rollingBack(s));
    ArrayNode deployments = o.putArray("deployments");
    s.deployments().stream()
        .limit(MAX_DEPLOYMENTS)
        .forEach(
            d ->
                deployments
                    .addObject()
                    .put("id", d.id())
                    .put("status", d.status())
                    .put("taskDefinition", d.taskDefinition())
                    .put("rolloutState", d.rolloutStateAsString())
                    .put("rolloutStateReason", d.rolloutStateReason()));
    ArrayNode events = o.putArray("events");
    s.events().stream().limit(MAX_EVENTS).forEach(e -> events.add(e.message()));
    ArrayNode lbs = o.putArray("loadBalancers");
    for (LoadBalancer lb : s.loadBalancers()) {
      lbs.addObject()
          .put("targetGroupArn", lb.targetGroupArn())
          .put("containerName", lb.containerName())
          .put("containerPort", lb.containerPort());
    }
    return o;
  }

  static Deployment primary(Service s) {
    return s.deployments().stream()
        .filter(d -> "PRIMARY".equals(d.status()))
        .findFirst()
        .orElse(null);
  }

  /** A circuit-breaker rollback in progress: ECS says so only in the rollout reason. */
  static boolean rollingBack(Service s) {
    return s.deployments().stream()
        .anyMatch(
            d ->
                "IN_PROGRESS".equals(d.rolloutStateAsString())
                    && d.rolloutStateReason() != null
                    && d.rolloutStateReason()
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("rolling back"));
  }

  private static ObjectNode taskDefinitionJson(TaskDefinition td) {
    ObjectNode o =
        Json.MAPPER
            .createObjectNode()
            .put("arn", td.taskDefinitionArn())
            .put("family", td.family())
            .put("revision", td.revision())
            .put("cpu", td.cpu())
            .put("memory", td.memory())
            .put("fargate", td.requiresCompatibilitiesAsStrings().contains("FARGATE"));
    ArrayNode containers = o.putArray("containers");
    for (ContainerDefinition c : td.containerDefinitions()) {
      ObjectNode container = containers.addObject().put("name", c.name()).put("image", c.image());
      if (c.memory() != null) {
        container.put("memory", c.memory());
      }
    }
    return o;
  }

  /**
   * The revision a rollback returns to: the task definition of another deployment that completed
   * (the one the failing rollout is replacing), else, when the service has a single deployment, the
   * previous ACTIVE revision of the family. Never the revision of a deployment that failed: after a
   * circuit-breaker rollback the other deployment is the bad release, not a target.
   */
  private String previousTaskDefinition(Service s, TaskDefinition current) {
    Set<String> failed = new java.util.HashSet<>();
    for (Deployment d : s.deployments()) {
      if ("FAILED".equals(d.rolloutStateAsString())) {
        failed.add(d.taskDefinition());
      }
    }
    for (Deployment d : s.deployments()) {
      if (!d.taskDefinition().equals(current.taskDefinitionArn())
          && "COMPLETED".equals(d.rolloutStateAsString())
          && !failed.contains(d.taskDefinition())) {
        return d.taskDefinition();
      }
    }
    if (s.deployments().size() > 1 || current.revision() == null || current.revision() <= 1) {
      return null;
    }
    try {
      TaskDefinition before =
          ecs.describeTaskDefinition(
                  r -> r.taskDefinition(current.family() + ":" + (current.revision() - 1)))
              .taskDefinition();
      return "ACTIVE".equals(before.statusAsString()) ? before.taskDefinitionArn() : null;
    } catch (EcsException e) {
      return null;
    }
  }

  private static List<String> logGroupsOf(TaskDefinition td) {
    Set<String> names = new LinkedHashSet<>();
    for (ContainerDefinition c : td.containerDefinitions()) {
      if (c.logConfiguration() != null
          && "awslogs".equals(c.logConfiguration().logDriverAsString())
          && c.logConfiguration().options().containsKey("awslogs-group")) {
        names.add(c.logConfiguration().options().get("awslogs-group"));
      }
    }
    return List.copyOf(names);
  }
}
