package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.check.AlbFactsCollector;
import io.ecsmedic.aws.check.Gather;
import io.ecsmedic.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The Enrich step: the live state the plan and the re-check need, read with a handful of bounded
 * calls (each SDK call is time-limited by {@link io.ecsmedic.aws.AwsClientFactory}; lists are
 * capped).
 *
 * <ul>
 *   <li>ECS: the service (task definition, deployments and their rollout state, the latest service
 *       events, circuit breaker, load balancers, ECS Exec, grace period) and its task definition
 *       (cpu, memory, containers, log groups); the revision a rollback would return to; the last
 *       few stopped tasks with their reasons and exit codes;
 *   <li>ECR: whether each ECR image of the task definition exists;
 *   <li>ELBv2: each target group's deregistration delay and target health;
 *   <li>CloudWatch Logs: whether each awslogs group exists, and the last lines the newest stopped
 *       task wrote.
 * </ul>
 *
 * The service and its task definition are required; the rest is evidence, gathered until {@link
 * #EVIDENCE_BUDGET} has passed. A piece that cannot be read (access denied, throttled, too late)
 * becomes a note instead of failing the step. A service that no longer exists is reported ({@code
 * found: false}), not thrown: the plan then has nothing to apply and says so.
 *
 * <p>The routes, endpoints and security groups of the task's subnets, and the rest of the finding's
 * checklist, come from its deep checker, which the Enrich step runs after this (see
 * RemediationHandler).
 */
final class Enricher {
  static final int MAX_EVENTS = 5;
  static final int MAX_DEPLOYMENTS = 5;
  static final int MAX_STOPPED_TASKS = 5;
  static final int MAX_LOG_LINES = 20;
  static final int MAX_LINE = 300;
  static final Duration EVIDENCE_BUDGET = Duration.ofSeconds(15);
  private static final Pattern ECR_IMAGE =
      Pattern.compile(
          "\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)(?::([^@]+))?(?:@(.+))?");

  private final EcsClient ecs;
  private final ElasticLoadBalancingV2Client elb;
  private final CloudWatchLogsClient logs;
  private final EcrClient ecr;
  private final Clock clock;

  Enricher(
      EcsClient ecs,
      ElasticLoadBalancingV2Client elb,
      CloudWatchLogsClient logs,
      EcrClient ecr,
      Clock clock) {
    this.ecs = ecs;
    this.elb = elb;
    this.logs = logs;
    this.ecr = ecr;
    this.clock = clock;
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

    Gather gather = new Gather(clock, EVIDENCE_BUDGET);
    ArrayNode groups = out.putArray("targetGroups");
    for (LoadBalancer lb : service.loadBalancers()) {
      if (lb.targetGroupArn() == null) {
        continue;
      }
      ObjectNode g = groups.addObject().put("arn", lb.targetGroupArn());
      gather.run(
          "target group attributes",
          () -> {
            for (TargetGroupAttribute a :
                elb.describeTargetGroupAttributes(r -> r.targetGroupArn(lb.targetGroupArn()))
                    .attributes()) {
              if (a.key().equals("deregistration_delay.timeout_seconds")) {
                g.put("deregistrationDelaySeconds", Integer.parseInt(a.value()));
              }
            }
          });
      gather.run(
          "target health",
          () -> {
            ObjectNode health = g.putObject("targets");
            for (TargetHealthDescription t :
                elb.describeTargetHealth(r -> r.targetGroupArn(lb.targetGroupArn()))
                    .targetHealthDescriptions()) {
              String key = AlbFactsCollector.targetState(t.targetHealth());
              health.put(key, health.path(key).asInt(0) + 1);
            }
          });
    }

    ArrayNode logGroups = out.putArray("logGroups");
    for (String name : logGroupsOf(td)) {
      gather.run(
          "log group " + name,
          () -> {
            boolean exists =
                logs
                    .describeLogGroups(r -> r.logGroupNamePrefix(name).limit(5))
                    .logGroups()
                    .stream()
                    .anyMatch(g -> g.logGroupName().equals(name));
            logGroups.addObject().put("name", name).put("exists", exists);
          });
    }

    ArrayNode images = out.putArray("images");
    for (ContainerDefinition c : td.containerDefinitions()) {
      Matcher m = c.image() == null ? null : ECR_IMAGE.matcher(c.image());
      if (m == null || !m.matches()) {
        continue;
      }
      ObjectNode image = images.addObject().put("container", c.name()).put("image", c.image());
      gather.run(
          "ECR image " + c.image(),
          () -> {
            ImageIdentifier id =
                m.group(3) != null
                    ? ImageIdentifier.builder().imageDigest(m.group(3)).build()
                    : ImageIdentifier.builder()
                        .imageTag(m.group(2) == null ? "latest" : m.group(2))
                        .build();
            try {
              ecr.describeImages(r -> r.repositoryName(m.group(1)).imageIds(id));
              image.put("exists", true);
            } catch (ImageNotFoundException | RepositoryNotFoundException e) {
              image.put("exists", false).put("why", e.awsErrorDetails().errorCode());
            }
          });
    }

    ArrayNode stopped = out.putArray("stoppedTasks");
    gather.run("stopped tasks", () -> stoppedTasks(cluster, serviceName, td, stopped, gather));
    gather.notes().forEach(notes::add);
    return out;
  }

  /**
   * The newest stopped tasks, and the last log lines of the newest one's first awslogs container.
   */
  private void stoppedTasks(
      String cluster, String service, TaskDefinition td, ArrayNode out, Gather gather) {
    List<String> arns =
        ecs.listTasks(
                r ->
                    r.cluster(cluster)
                        .serviceName(service)
                        .desiredStatus(DesiredStatus.STOPPED)
                        .maxResults(MAX_STOPPED_TASKS))
            .taskArns();
    if (arns.isEmpty()) {
      return;
    }
    List<Task> tasks = ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks();
    for (Task t : tasks) {
      ObjectNode task =
          out.addObject()
              .put("taskArn", t.taskArn())
              .put("stopCode", t.stopCodeAsString())
              .put("stoppedReason", clip(t.stoppedReason()));
      ArrayNode containers = task.putArray("containers");
      for (Container c : t.containers()) {
        ObjectNode container = containers.addObject().put("name", c.name());
        if (c.exitCode() != null) {
          container.put("exitCode", c.exitCode());
        }
        if (c.reason() != null) {
          container.put("reason", clip(c.reason()));
        }
      }
    }
    Task newest = tasks.getFirst();
    for (ContainerDefinition c : td.containerDefinitions()) {
      var options = c.logConfiguration() == null ? null : c.logConfiguration().options();
      if (options == null
          || !"awslogs".equals(c.logConfiguration().logDriverAsString())
          || !options.containsKey("awslogs-group")
          || !options.containsKey("awslogs-stream-prefix")) {
        continue;
      }
      String taskId = newest.taskArn().substring(newest.taskArn().lastIndexOf('/') + 1);
      String stream = options.get("awslogs-stream-prefix") + "/" + c.name() + "/" + taskId;
      ObjectNode lastLog = ((ObjectNode) out.get(0)).putObject("lastLog").put("stream", stream);
      ArrayNode lines = lastLog.putArray("lines");
      gather.run(
          "last log lines of " + stream,
          () -> {
            for (OutputLogEvent e :
                logs.getLogEvents(
                        r ->
                            r.logGroupName(options.get("awslogs-group"))
                                .logStreamName(stream)
                                .startFromHead(false)
                                .limit(MAX_LOG_LINES))
                    .events()) {
              lines.add(clip(e.message()));
            }
          });
      return;
    }
  }

  private static String clip(String s) {
    if (s == null) {
      return null;
    }
    return s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE) + "…";
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
