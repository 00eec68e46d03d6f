package io.ecsmedic.remediation;

import io.ecsmedic.aws.check.AlbFactsCollector;
import io.ecsmedic.aws.check.Gather;
import io.ecsmedic.aws.rollback.RollbackTargetCollector;
import io.ecsmedic.evidence.LogLocation;
import io.ecsmedic.evidence.Redaction;
import io.ecsmedic.rollback.RollbackTarget;
import io.ecsmedic.rollback.RollbackTargets;
import io.ecsmedic.workflow.Enrichment;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 *       (cpu, memory, containers, log groups); the revision a rollback would return to ({@link
 *       RollbackTargets}); the last few stopped tasks with their reasons and exit codes;
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
 * checklist, come from its deep checker, which the Enrich step runs after this (see EnrichStep).
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

  Enrichment enrich(String cluster, String serviceName) {
    Service service = describeService(ecs, cluster, serviceName);
    if (service == null) {
      return Enrichment.notFound("service " + serviceName + " not found in cluster " + cluster);
    }
    List<String> notes = new ArrayList<>();
    TaskDefinition td =
        ecs.describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition()))
            .taskDefinition();
    // No audit history of earlier incidents is read yet: the deployments ECS lists are the source.
    RollbackTarget target = new RollbackTargetCollector(ecs).target(service, List.of());
    if (!target.known()) {
      notes.add(
          "no rollback target: "
              + target.why()
              + "; look up "
              + RollbackTargets.lookup(cluster, serviceName));
    }

    Gather gather = new Gather(clock, EVIDENCE_BUDGET);
    List<Enrichment.TargetGroupState> groups = new ArrayList<>();
    for (LoadBalancer lb : service.loadBalancers()) {
      if (lb.targetGroupArn() != null) {
        groups.add(targetGroup(lb.targetGroupArn(), gather));
      }
    }

    List<Enrichment.LogGroupState> logGroups = new ArrayList<>();
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
            logGroups.add(new Enrichment.LogGroupState(name, exists));
          });
    }

    List<Enrichment.ImageState> images = new ArrayList<>();
    for (ContainerDefinition c : td.containerDefinitions()) {
      Matcher m = c.image() == null ? null : ECR_IMAGE.matcher(c.image());
      if (m != null && m.matches()) {
        images.add(image(c, m, gather));
      }
    }

    List<Enrichment.StoppedTask> stopped = new ArrayList<>();
    gather.run(
        "stopped tasks", () -> stopped.addAll(stoppedTasks(cluster, serviceName, td, gather)));
    notes.addAll(gather.notes());
    return new Enrichment(
        true,
        serviceState(service),
        taskDefinitionState(td),
        target.taskDefinition(),
        groups,
        logGroups,
        images,
        stopped,
        null,
        notes);
  }

  /** A target group's deregistration delay and how many targets are in each health state. */
  private Enrichment.TargetGroupState targetGroup(String arn, Gather gather) {
    Integer[] delay = {null};
    Map<String, Integer> targets = new LinkedHashMap<>();
    gather.run(
        "target group attributes",
        () -> {
          for (TargetGroupAttribute a :
              elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes()) {
            if (a.key().equals("deregistration_delay.timeout_seconds")) {
              delay[0] = Integer.parseInt(a.value());
            }
          }
        });
    gather.run(
        "target health",
        () -> {
          for (TargetHealthDescription t :
              elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions()) {
            targets.merge(AlbFactsCollector.targetState(t.targetHealth()), 1, Integer::sum);
          }
        });
    return new Enrichment.TargetGroupState(arn, delay[0], targets);
  }

  /** Whether an ECR image of the task definition exists (null when it could not be read). */
  private Enrichment.ImageState image(ContainerDefinition c, Matcher m, Gather gather) {
    Enrichment.ImageState[] out = {new Enrichment.ImageState(c.name(), c.image(), null, null)};
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
            out[0] = new Enrichment.ImageState(c.name(), c.image(), true, null);
          } catch (ImageNotFoundException | RepositoryNotFoundException e) {
            out[0] =
                new Enrichment.ImageState(
                    c.name(), c.image(), false, e.awsErrorDetails().errorCode());
          }
        });
    return out[0];
  }

  /**
   * The newest stopped tasks, the newest one with the last log lines of its first awslogs
   * container.
   */
  private List<Enrichment.StoppedTask> stoppedTasks(
      String cluster, String service, TaskDefinition td, Gather gather) {
    List<String> arns =
        ecs.listTasks(
                r ->
                    r.cluster(cluster)
                        .serviceName(service)
                        .desiredStatus(DesiredStatus.STOPPED)
                        .maxResults(MAX_STOPPED_TASKS))
            .taskArns();
    if (arns.isEmpty()) {
      return List.of();
    }
    List<Task> tasks = ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks();
    List<Enrichment.StoppedTask> out = new ArrayList<>();
    for (Task t : tasks) {
      List<Enrichment.StoppedContainer> containers = new ArrayList<>();
      for (Container c : t.containers()) {
        containers.add(new Enrichment.StoppedContainer(c.name(), c.exitCode(), clip(c.reason())));
      }
      out.add(
          new Enrichment.StoppedTask(
              t.taskArn(),
              t.stopCodeAsString(),
              clip(t.stoppedReason()),
              containers,
              t == tasks.getFirst() ? lastLog(t, td, gather) : null));
    }
    return out;
  }

  /**
   * The last lines a task's first readable awslogs container wrote, redacted as the alert's are
   * ({@link Redaction}): they travel in the workflow's state and into the proposal. Null when no
   * container logs to a readable awslogs stream ({@link LogLocation}).
   */
  private Enrichment.LastLog lastLog(Task task, TaskDefinition td, Gather gather) {
    String taskId = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    for (ContainerDefinition c : td.containerDefinitions()) {
      if (c.logConfiguration() == null) {
        continue;
      }
      LogLocation where =
          LogLocation.of(
              c.logConfiguration().logDriverAsString(),
              c.logConfiguration().options(),
              c.name(),
              taskId);
      if (!where.readable()) {
        continue;
      }
      List<String> lines = new ArrayList<>();
      gather.run(
          "last log lines of " + where.stream(),
          () -> {
            List<String> raw = new ArrayList<>();
            for (OutputLogEvent e :
                logs.getLogEvents(
                        r ->
                            r.logGroupName(where.group())
                                .logStreamName(where.stream())
                                .startFromHead(false)
                                .limit(MAX_LOG_LINES))
                    .events()) {
              raw.add(e.message());
            }
            Redaction.redact(raw).forEach(line -> lines.add(clip(line)));
          });
      return new Enrichment.LastLog(where.stream(), lines);
    }
    return null;
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

  static Enrichment.ServiceState serviceState(Service s) {
    var breaker =
        s.deploymentConfiguration() == null
            ? null
            : s.deploymentConfiguration().deploymentCircuitBreaker();
    Deployment primary = primary(s);
    return new Enrichment.ServiceState(
        s.taskDefinition(),
        s.desiredCount(),
        s.runningCount(),
        Boolean.TRUE.equals(s.enableExecuteCommand()),
        s.healthCheckGracePeriodSeconds() == null ? 0 : s.healthCheckGracePeriodSeconds(),
        new Enrichment.CircuitBreaker(
            breaker != null && Boolean.TRUE.equals(breaker.enable()),
            breaker != null && Boolean.TRUE.equals(breaker.rollback())),
        primary == null ? null : primary.id(),
        primary == null ? null : primary.rolloutStateAsString(),
        rollingBack(s),
        s.deployments().stream()
            .limit(MAX_DEPLOYMENTS)
            .map(
                d ->
                    new Enrichment.DeploymentState(
                        d.id(),
                        d.status(),
                        d.taskDefinition(),
                        d.rolloutStateAsString(),
                        d.rolloutStateReason()))
            .toList(),
        s.events().stream().limit(MAX_EVENTS).map(e -> e.message()).toList(),
        s.loadBalancers().stream()
            .map(
                lb ->
                    new Enrichment.LoadBalancerRef(
                        lb.targetGroupArn(), lb.containerName(), lb.containerPort()))
            .toList());
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

  private static Enrichment.TaskDefinitionState taskDefinitionState(TaskDefinition td) {
    return new Enrichment.TaskDefinitionState(
        td.taskDefinitionArn(),
        td.family(),
        td.revision(),
        td.cpu(),
        td.memory(),
        td.requiresCompatibilitiesAsStrings().contains("FARGATE"),
        td.containerDefinitions().stream()
            .map(c -> new Enrichment.ContainerState(c.name(), c.image(), c.memory()))
            .toList());
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
