package io.ecsmedic.aws.check;

import io.ecsmedic.check.AlbCheck;
import io.ecsmedic.check.AlbFacts;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.CheckResult;
import io.ecsmedic.check.CheckStep;
import io.ecsmedic.model.Category;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * Runs the ALB 502 / unhealthy-target checklist ({@link AlbCheck}) for a target group or for the
 * ECS service behind it. Read-only: ECS Describe/List, ELBv2 Describe, EC2 DescribeSecurityGroups.
 * A CloudWatch alarm names only the target group, so the service is found by scanning the account's
 * services for one registered with it (bounded by the time budget).
 */
public final class AlbFactsCollector {
  public static final String NAME = "alb-check";
  static final Duration BUDGET = Duration.ofSeconds(10);
  static final int MAX_STOPPED_TASKS = 10;
  private static final CheckStep TARGET_GROUP =
      new CheckStep("alb.target-group", "the target group exists and has a service behind it");

  private final CheckClients aws;
  private final Clock clock;

  public AlbFactsCollector(CheckClients aws, Clock clock) {
    this.aws = aws;
    this.clock = clock;
  }

  /**
   * @param keepAliveSeconds the application's keep-alive timeout when the caller knows it (no AWS
   *     API shows it), else null
   */
  public CheckReport forTargetGroup(String targetGroupArn, Integer keepAliveSeconds) {
    Gather gather = new Gather(clock, BUDGET);
    TargetGroup tg = targetGroup(gather, targetGroupArn);
    if (tg == null) {
      return missing(gather, targetGroupArn, "target group " + targetGroupArn + " not found");
    }
    ServiceRef owner = findService(gather, targetGroupArn);
    return report(gather, tg, owner, keepAliveSeconds);
  }

  public CheckReport forService(String cluster, String service, Integer keepAliveSeconds) {
    Gather gather = new Gather(clock, BUDGET);
    String subject = cluster + "/" + service;
    Service s =
        gather.optional(
            "service " + subject,
            () ->
                aws
                    .ecs()
                    .describeServices(r -> r.cluster(cluster).services(service))
                    .services()
                    .stream()
                    .filter(x -> !"INACTIVE".equals(x.status()))
                    .findFirst()
                    .orElse(null));
    if (s == null) {
      return missing(gather, subject, "service " + service + " not found in cluster " + cluster);
    }
    LoadBalancer lb =
        s.loadBalancers().stream().filter(l -> l.targetGroupArn() != null).findFirst().orElse(null);
    if (lb == null) {
      return missing(
          gather,
          subject,
          "service " + subject + " is not attached to a load-balancer target group");
    }
    TargetGroup tg = targetGroup(gather, lb.targetGroupArn());
    if (tg == null) {
      return missing(
          gather,
          subject,
          "the service's target group "
              + lb.targetGroupArn()
              + " no longer exists (recreate it or update the service)");
    }
    return report(gather, tg, new ServiceRef(lastSegment(cluster), s, lb), keepAliveSeconds);
  }

  /** The service and its load-balancer entry for the target group. */
  private record ServiceRef(String cluster, Service service, LoadBalancer lb) {}

  private CheckReport report(Gather gather, TargetGroup tg, ServiceRef owner, Integer keepAlive) {
    String tgArn = tg.targetGroupArn();
    String lbArn = tg.loadBalancerArns().isEmpty() ? null : tg.loadBalancerArns().getFirst();
    if (lbArn == null) {
      gather.note("the target group is attached to no load balancer (no listener or rule uses it)");
    }
    Map<String, Integer> targetStates = targetStates(gather, tgArn);
    Integer deregistration =
        intOrNull(
            gather.optional(
                "target group attributes",
                () ->
                    attribute(
                        aws
                            .elb()
                            .describeTargetGroupAttributes(r -> r.targetGroupArn(tgArn))
                            .attributes()
                            .stream()
                            .map(a -> Map.entry(a.key(), a.value()))
                            .toList(),
                        "deregistration_delay.timeout_seconds")));
    List<String> albGroups = null;
    Integer idleTimeout = null;
    if (lbArn != null) {
      albGroups =
          gather.optional(
              "load balancer",
              () ->
                  aws.elb()
                      .describeLoadBalancers(r -> r.loadBalancerArns(lbArn))
                      .loadBalancers()
                      .getFirst()
                      .securityGroups());
      idleTimeout =
          intOrNull(
              gather.optional(
                  "load balancer attributes",
                  () ->
                      attribute(
                          aws
                              .elb()
                              .describeLoadBalancerAttributes(r -> r.loadBalancerArn(lbArn))
                              .attributes()
                              .stream()
                              .map(a -> Map.entry(a.key(), a.value()))
                              .toList(),
                          "idle_timeout.timeout_seconds")));
    }

    Integer containerPort = null;
    List<String> stopped = null;
    Map<String, List<String>> ingress = null;
    Integer stopTimeout = null;
    Integer grace = null;
    String subject = shortArn(tgArn);
    if (owner == null) {
      gather.note(
          "no ECS service found registered with this target group: service steps are UNKNOWN");
    } else {
      Service s = owner.service();
      subject = owner.cluster() + "/" + s.serviceName() + " " + subject;
      containerPort = owner.lb().containerPort();
      grace = s.healthCheckGracePeriodSeconds() == null ? 0 : s.healthCheckGracePeriodSeconds();
      stopped = stoppedReasons(gather, owner.cluster(), s.serviceName());
      if (containerPort != null) {
        ingress = ingress(gather, s, containerPort);
      }
      stopTimeout = stopTimeout(gather, s.taskDefinition(), owner.lb().containerName());
    }
    AlbFacts facts =
        new AlbFacts(
            containerPort,
            tg.port(),
            tg.healthCheckPort(),
            stopped,
            albGroups,
            ingress,
            tg.healthCheckPath(),
            tg.matcher() == null ? null : tg.matcher().httpCode(),
            targetStates,
            tg.healthCheckTimeoutSeconds(),
            idleTimeout,
            keepAlive,
            deregistration,
            stopTimeout,
            grace,
            null,
            new AlbFacts.Target(
                owner == null ? null : owner.cluster(),
                owner == null ? null : owner.service().serviceName(),
                tgArn,
                lbArn));
    List<CheckResult> results = new ArrayList<>();
    results.add(
        CheckResult.pass(
            TARGET_GROUP,
            shortArn(tgArn)
                + (owner == null ? "" : " ← service " + owner.service().serviceName())));
    results.addAll(AlbCheck.run(facts));
    return new CheckReport(
        NAME,
        Category.ELB_HEALTH_CHECK,
        subject,
        owner == null
            ? null
            : new CheckReport.Service(owner.cluster(), owner.service().serviceName()),
        results,
        gather.notes());
  }

  private CheckReport missing(Gather gather, String subject, String why) {
    return new CheckReport(
        NAME,
        Category.ELB_HEALTH_CHECK,
        subject,
        List.of(
            CheckResult.fail(
                TARGET_GROUP,
                why,
                "check the ARN / names (aws elbv2 describe-target-groups, aws ecs describe-services)")),
        gather.notes());
  }

  private TargetGroup targetGroup(Gather gather, String arn) {
    return gather.optional(
        "target group",
        () -> {
          try {
            return aws
                .elb()
                .describeTargetGroups(r -> r.targetGroupArns(arn))
                .targetGroups()
                .stream()
                .findFirst()
                .orElse(null);
          } catch (
              software.amazon.awssdk.services.elasticloadbalancingv2.model
                      .TargetGroupNotFoundException
                  e) {
            return null;
          }
        });
  }

  /** state (reason) → count, the key format the remediation enrichment uses too. */
  private Map<String, Integer> targetStates(Gather gather, String tgArn) {
    return gather.optional(
        "target health",
        () -> {
          Map<String, Integer> states = new LinkedHashMap<>();
          for (TargetHealthDescription t :
              aws.elb()
                  .describeTargetHealth(r -> r.targetGroupArn(tgArn))
                  .targetHealthDescriptions()) {
            states.merge(targetState(t.targetHealth()), 1, Integer::sum);
          }
          return states;
        });
  }

  /**
   * A target's health as the checklist counts it: {@code state} or {@code state (reason)}, e.g.
   * {@code unhealthy (Target.Timeout)}. The remediation enrichment uses the same key.
   */
  public static String targetState(TargetHealth h) {
    return h.stateAsString() + (h.reason() == null ? "" : " (" + h.reasonAsString() + ")");
  }

  /** Scans clusters and their services for the one registered with the target group. */
  private ServiceRef findService(Gather gather, String tgArn) {
    return gather.optional(
        "the service behind the target group",
        () -> {
          for (String cluster : aws.ecs().listClustersPaginator(r -> {}).clusterArns()) {
            List<String> arns =
                aws.ecs().listServicesPaginator(r -> r.cluster(cluster)).serviceArns().stream()
                    .toList();
            for (int i = 0; i < arns.size(); i += 10) {
              List<String> batch = arns.subList(i, Math.min(arns.size(), i + 10));
              for (Service s :
                  aws.ecs().describeServices(r -> r.cluster(cluster).services(batch)).services()) {
                for (LoadBalancer lb : s.loadBalancers()) {
                  if (tgArn.equals(lb.targetGroupArn())) {
                    return new ServiceRef(lastSegment(cluster), s, lb);
                  }
                }
              }
            }
          }
          return null;
        });
  }

  private List<String> stoppedReasons(Gather gather, String cluster, String service) {
    return gather.optional(
        "stopped tasks",
        () -> {
          List<String> arns =
              aws.ecs()
                  .listTasks(
                      r ->
                          r.cluster(cluster)
                              .serviceName(service)
                              .desiredStatus(DesiredStatus.STOPPED)
                              .maxResults(100))
                  .taskArns();
          if (arns.isEmpty()) {
            return List.of();
          }
          List<String> batch = arns.subList(0, Math.min(arns.size(), 100));
          return aws.ecs().describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks().stream()
              .sorted(
                  Comparator.comparing(
                          (Task t) -> t.stoppedAt() == null ? t.createdAt() : t.stoppedAt(),
                          Comparator.nullsLast(Comparator.naturalOrder()))
                      .reversed())
              .limit(MAX_STOPPED_TASKS)
              .map(t -> t.stoppedReason() == null ? "(no reason given)" : t.stoppedReason())
              .toList();
        });
  }

  /** For each task security group, the groups and CIDRs it lets in on {@code port}. */
  private Map<String, List<String>> ingress(Gather gather, Service s, int port) {
    if (s.networkConfiguration() == null
        || s.networkConfiguration().awsvpcConfiguration() == null) {
      gather.note(
          "security groups: the service is not awsvpc (bridge/host: check the instance's group)");
      return null;
    }
    List<String> groups = s.networkConfiguration().awsvpcConfiguration().securityGroups();
    if (groups.isEmpty()) {
      gather.note("security groups: the service names none (the VPC default group applies)");
      return null;
    }
    return gather.optional(
        "security groups " + String.join(",", groups),
        () -> {
          Map<String, List<String>> out = new LinkedHashMap<>();
          for (SecurityGroup g :
              aws.ec2().describeSecurityGroups(r -> r.groupIds(groups)).securityGroups()) {
            List<String> sources = new ArrayList<>();
            for (IpPermission p : g.ipPermissions()) {
              if (covers(p, port)) {
                p.userIdGroupPairs().forEach(pair -> sources.add(pair.groupId()));
                p.ipRanges().forEach(range -> sources.add(range.cidrIp()));
              }
            }
            out.put(g.groupId(), sources);
          }
          return out;
        });
  }

  static boolean covers(IpPermission p, int port) {
    if ("-1".equals(p.ipProtocol())) {
      return true;
    }
    return "tcp".equals(p.ipProtocol())
        && p.fromPort() != null
        && p.toPort() != null
        && p.fromPort() <= port
        && port <= p.toPort();
  }

  private Integer stopTimeout(Gather gather, String taskDefinition, String container) {
    TaskDefinition td =
        gather.optional(
            "task definition",
            () ->
                aws.ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(taskDefinition))
                    .taskDefinition());
    if (td == null) {
      return null;
    }
    return td.containerDefinitions().stream()
        .filter(c -> c.name().equals(container))
        .map(ContainerDefinition::stopTimeout)
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse(30);
  }

  private static String attribute(List<Map.Entry<String, String>> attributes, String key) {
    return attributes.stream()
        .filter(a -> a.getKey().equals(key))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  private static Integer intOrNull(String s) {
    try {
      return s == null ? null : Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code targetgroup/web/0123} from its ARN, as CloudWatch names it. */
  static String shortArn(String arn) {
    int i = arn.indexOf(":targetgroup/");
    return i < 0 ? arn : arn.substring(i + 1);
  }

  private static String lastSegment(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
