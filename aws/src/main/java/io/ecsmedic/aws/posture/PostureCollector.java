package io.ecsmedic.aws.posture;

import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.posture.PolicyWildcards;
import io.ecsmedic.posture.PostureCheck;
import io.ecsmedic.posture.PostureFacts;
import io.ecsmedic.posture.ScanReport;
import io.ecsmedic.posture.ServiceReport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.ListServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.SettingName;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/**
 * Reads every service of the given clusters and what the posture rules need about it, then judges
 * each with {@link PostureCheck}. Read-only, batched and deduplicated: services ten to a
 * DescribeServices call (with their tags), each task definition, target group and role read once
 * however many services share it, one account-setting read; every call counted against {@link
 * Limits}. A read that fails leaves its facts null (the rules say UNKNOWN) and a note on each
 * service it concerns.
 */
public final class PostureCollector {
  /** DescribeServices takes at most ten services a call. */
  static final int DESCRIBE_BATCH = 10;

  /**
   * How much one scan may read.
   *
   * @param time wall-clock budget for all reads
   * @param maxCalls AWS calls at most
   */
  public record Limits(Duration time, int maxCalls) {
    /** Enough for about 1,000 services with distinct task definitions and roles. */
    public static final Limits STANDARD = new Limits(Duration.ofMinutes(10), 6_000);
  }

  private final CheckClients aws;
  private final Clock clock;
  private final Limits limits;

  public PostureCollector(CheckClients aws, Clock clock, Limits limits) {
    this.aws = aws;
    this.clock = clock;
    this.limits = limits;
  }

  public ScanReport scan(List<String> clusters) {
    String scannedAt = clock.instant().toString();
    ReadBudget budget = new ReadBudget(clock, limits.time(), limits.maxCalls());
    Reads reads = new Reads();
    reads.accountMode = accountLogDriverMode(budget, reads.fleetNotes);
    Map<String, List<Service>> byCluster = new LinkedHashMap<>();
    List<ServiceReport> unread = new ArrayList<>();
    for (String cluster : clusters) {
      byCluster.put(cluster, services(budget, cluster, reads, unread));
    }
    readShared(budget, byCluster, reads);
    List<ServiceReport> reports = new ArrayList<>(unread);
    for (Map.Entry<String, List<Service>> e : byCluster.entrySet()) {
      for (Service s : e.getValue()) {
        List<String> notes = new ArrayList<>();
        PostureFacts facts = ServiceFacts.of(e.getKey(), s, reads, reads.accountMode, notes);
        reports.add(PostureCheck.run(facts, notes));
      }
    }
    return new ScanReport(
        scannedAt, clusters, reports, reads.fleetNotes, budget.calls(), budget.elapsedMillis());
  }

  /**
   * One service's facts and verdicts.
   *
   * @param facts what was read; null when the service itself could not be read or does not exist
   */
  public record ServiceScan(PostureFacts facts, ServiceReport report) {}

  /**
   * One service re-read and judged on its own, as {@code scan --propose} needs it: the same reads
   * and rules as a fleet scan, without listing the cluster.
   */
  public ServiceScan scanService(String cluster, String service) {
    ReadBudget budget = new ReadBudget(clock, limits.time(), limits.maxCalls());
    Reads reads = new Reads();
    reads.accountMode = accountLogDriverMode(budget, reads.fleetNotes);
    List<ServiceReport> unread = new ArrayList<>();
    List<Service> described =
        describe(budget, cluster, List.of(service), unread).stream()
            .filter(s -> !"INACTIVE".equals(s.status()))
            .toList();
    if (described.isEmpty()) {
      List<String> notes = new ArrayList<>(reads.fleetNotes);
      notes.add("service " + service + " not found in cluster " + cluster);
      return new ServiceScan(
          null,
          unread.isEmpty()
              ? PostureCheck.run(ServiceFacts.unread(cluster, service), notes)
              : unread.getFirst());
    }
    readShared(budget, Map.of(cluster, described), reads);
    List<String> notes = new ArrayList<>(reads.fleetNotes);
    PostureFacts facts =
        ServiceFacts.of(cluster, described.getFirst(), reads, reads.accountMode, notes);
    return new ServiceScan(facts, PostureCheck.run(facts, notes));
  }

  /** What services share: task definitions, target groups, roles, each read once. */
  private void readShared(ReadBudget budget, Map<String, List<Service>> byCluster, Reads reads) {
    readTaskDefinitions(budget, byCluster, reads);
    readTargetGroups(budget, byCluster, reads);
    readRoles(budget, reads);
  }

  /** What was read, shared across services, and the notes of reads that failed, by resource. */
  static final class Reads {
    final Map<String, TaskDefinition> taskDefinitions = new HashMap<>();
    final Map<String, Integer> deregistrationDelays = new HashMap<>();
    final Map<String, PostureFacts.Role> roles = new HashMap<>();
    final Map<String, String> failures = new HashMap<>();
    final List<String> fleetNotes = new ArrayList<>();
    String accountMode;
  }

  private String accountLogDriverMode(ReadBudget budget, List<String> notes) {
    var response =
        budget.read(
            "ListAccountSettings defaultLogDriverMode",
            () ->
                aws.ecs()
                    .listAccountSettings(
                        r -> r.name(SettingName.DEFAULT_LOG_DRIVER_MODE).effectiveSettings(true)),
            notes);
    if (response == null) {
      return null;
    }
    return response.settings().stream()
        .filter(s -> SettingName.DEFAULT_LOG_DRIVER_MODE.equals(s.name()))
        .map(s -> s.value())
        .findFirst()
        .orElse(null);
  }

  /** Every service of the cluster; a batch that cannot be described is reported all UNKNOWN. */
  private List<Service> services(
      ReadBudget budget, String cluster, Reads reads, List<ServiceReport> unread) {
    List<String> arns = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListServicesResponse page =
          budget.read(
              "ListServices " + cluster,
              () -> aws.ecs().listServices(r -> r.cluster(cluster).nextToken(next).maxResults(100)),
              reads.fleetNotes);
      if (page == null) {
        break;
      }
      arns.addAll(page.serviceArns());
      token = page.nextToken();
    } while (token != null);
    return describe(budget, cluster, arns, unread);
  }

  /** The named services (names or ARNs); a batch that cannot be described is reported UNKNOWN. */
  private List<Service> describe(
      ReadBudget budget, String cluster, List<String> arns, List<ServiceReport> unread) {
    List<Service> services = new ArrayList<>();
    for (int i = 0; i < arns.size(); i += DESCRIBE_BATCH) {
      List<String> batch = arns.subList(i, Math.min(i + DESCRIBE_BATCH, arns.size()));
      List<String> notes = new ArrayList<>();
      DescribeServicesResponse described =
          budget.read(
              "DescribeServices " + cluster,
              () ->
                  aws.ecs()
                      .describeServices(
                          r -> r.cluster(cluster).services(batch).include(ServiceField.TAGS)),
              notes);
      if (described == null) {
        for (String arn : batch) {
          String name = arn.substring(arn.lastIndexOf('/') + 1);
          unread.add(PostureCheck.run(ServiceFacts.unread(cluster, name), notes));
        }
        continue;
      }
      services.addAll(described.services());
    }
    return services;
  }

  private void readTaskDefinitions(
      ReadBudget budget, Map<String, List<Service>> byCluster, Reads reads) {
    Set<String> arns = new LinkedHashSet<>();
    byCluster.values().forEach(list -> list.forEach(s -> arns.add(s.taskDefinition())));
    for (String arn : arns) {
      if (arn == null) {
        continue;
      }
      List<String> notes = new ArrayList<>();
      var response =
          budget.read(
              "DescribeTaskDefinition " + arn.substring(arn.lastIndexOf('/') + 1),
              () -> aws.ecs().describeTaskDefinition(r -> r.taskDefinition(arn)),
              notes);
      if (response == null) {
        reads.failures.put(arn, notes.getFirst());
      } else {
        reads.taskDefinitions.put(arn, response.taskDefinition());
      }
    }
  }

  private void readTargetGroups(
      ReadBudget budget, Map<String, List<Service>> byCluster, Reads reads) {
    Set<String> arns = new LinkedHashSet<>();
    byCluster
        .values()
        .forEach(
            list ->
                list.forEach(
                    s ->
                        s.loadBalancers().stream()
                            .filter(lb -> lb.targetGroupArn() != null)
                            .forEach(lb -> arns.add(lb.targetGroupArn()))));
    for (String arn : arns) {
      List<String> notes = new ArrayList<>();
      var response =
          budget.read(
              "DescribeTargetGroupAttributes " + arn,
              () -> aws.elb().describeTargetGroupAttributes(r -> r.targetGroupArn(arn)),
              notes);
      if (response == null) {
        reads.failures.put(arn, notes.getFirst());
        continue;
      }
      response.attributes().stream()
          .filter(a -> "deregistration_delay.timeout_seconds".equals(a.key()))
          .map(TargetGroupAttribute::value)
          .findFirst()
          .ifPresent(v -> reads.deregistrationDelays.put(arn, Integer.valueOf(v)));
    }
  }

  /**
   * The attached policies and inline wildcard statements of every role the task definitions name.
   */
  private void readRoles(ReadBudget budget, Reads reads) {
    Set<String> arns = new LinkedHashSet<>();
    for (TaskDefinition td : reads.taskDefinitions.values()) {
      if (td.taskRoleArn() != null) {
        arns.add(td.taskRoleArn());
      }
      if (td.executionRoleArn() != null) {
        arns.add(td.executionRoleArn());
      }
    }
    for (String arn : arns) {
      String name = arn.substring(arn.lastIndexOf('/') + 1);
      List<String> notes = new ArrayList<>();
      var attached =
          budget.read(
              "ListAttachedRolePolicies " + name,
              () -> aws.iam().listAttachedRolePolicies(r -> r.roleName(name)),
              notes);
      var inline =
          budget.read(
              "ListRolePolicies " + name,
              () -> aws.iam().listRolePolicies(r -> r.roleName(name)),
              notes);
      List<String> wildcards = inline == null ? null : new ArrayList<>();
      if (inline != null) {
        for (String policy : inline.policyNames()) {
          var doc =
              budget.read(
                  "GetRolePolicy " + name + "/" + policy,
                  () -> aws.iam().getRolePolicy(r -> r.roleName(name).policyName(policy)),
                  notes);
          List<String> found =
              doc == null
                  ? null
                  : PolicyWildcards.find(
                      policy, URLDecoder.decode(doc.policyDocument(), StandardCharsets.UTF_8));
          if (found == null) {
            wildcards = null;
            break;
          }
          wildcards.addAll(found);
        }
      }
      if (!notes.isEmpty()) {
        reads.failures.put(arn, String.join("; ", notes));
      }
      reads.roles.put(
          arn,
          new PostureFacts.Role(
              arn,
              attached == null
                  ? null
                  : attached.attachedPolicies().stream().map(AttachedPolicy::policyArn).toList(),
              wildcards));
    }
  }
}
