package io.ecsmedic.aws.check;

import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.ExecCheck;
import io.ecsmedic.check.ExecFacts;
import io.ecsmedic.check.ExecFacts.Agent;
import io.ecsmedic.check.ExecFacts.Caller;
import io.ecsmedic.check.ExecFacts.ClusterExec;
import io.ecsmedic.check.ExecFacts.Container;
import io.ecsmedic.check.ExecFacts.RoleAccess;
import io.ecsmedic.check.NetworkFacts;
import io.ecsmedic.model.Category;
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
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.ExecuteCommandConfiguration;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.ManagedAgent;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * The ECS Exec doctor: gathers {@link ExecFacts} for one task and judges them with {@link
 * ExecCheck}, so on-call learns why {@code aws ecs execute-command} fails without running twenty
 * CLI calls. Read-only: ECS Describe* calls, IAM SimulatePrincipalPolicy and the EC2 reads of
 * {@link NetworkFactsCollector}, all within a budget of {@value #BUDGET_SECONDS} s; a read that
 * fails makes its steps UNKNOWN and leaves a note.
 */
public final class ExecFactsCollector {
  static final int BUDGET_SECONDS = 10;

  /** Environment variables the AWS SDK in the exec agent prefers over the task role. */
  static final Set<String> CREDENTIAL_VARIABLES =
      Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY", "AWS_SECRET_KEY");

  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/.+");
  private static final Pattern IAM_PRINCIPAL =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(user|role)/.+");

  private final CheckClients aws;
  private final String region;
  private final Clock clock;

  public ExecFactsCollector(CheckClients aws, String region, Clock clock) {
    this.aws = aws;
    this.region = region;
    this.clock = clock;
  }

  /**
   * @param task the task id or ARN
   * @param callerArn the IAM principal that called ExecuteCommand (from the CloudTrail event), or
   *     null
   */
  public CheckReport check(String cluster, String task, String callerArn) {
    String taskId = task.substring(task.lastIndexOf('/') + 1);
    Gather gather = new Gather(clock, Duration.ofSeconds(BUDGET_SECONDS));
    ExecFacts facts = collect(gather, cluster, taskId, callerArn);
    return new CheckReport(
        "exec-check",
        Category.ECS_EXEC,
        cluster + "/" + taskId,
        facts.service() == null || facts.service().name() == null
            ? null
            : new CheckReport.Service(lastPart(cluster), facts.service().name()),
        ExecCheck.run(facts),
        gather.notes());
  }

  /** What DescribeTasks answered: the task, or why it is not there. */
  private record Lookup(Task task, String missing) {}

  ExecFacts collect(Gather gather, String cluster, String taskId, String callerArn) {
    Lookup lookup = gather.optional("task " + taskId, () -> describeTask(cluster, taskId));
    if (lookup == null) {
      return ExecFacts.unseen(cluster, taskId);
    }
    if (lookup.task() == null) {
      gather.note(lookup.missing());
      return new ExecFacts(
          cluster, taskId, false, null, null, null, null, null, null, null, null, null, null, null,
          null);
    }
    Task t = lookup.task();
    String service =
        t.group() != null && t.group().startsWith("service:") ? t.group().substring(8) : null;
    // The service, the task definition and the cluster do not depend on each other: issued
    // together, their round trips overlap.
    Gather.Pending<Service> svcRead =
        service == null
            ? () -> null
            : gather.start(
                "service " + service,
                () ->
                    aws
                        .ecs()
                        .describeServices(r -> r.cluster(cluster).services(service))
                        .services()
                        .stream()
                        .findFirst()
                        .orElse(null));
    Gather.Pending<TaskDefinition> tdRead =
        gather.start(
            "task definition " + t.taskDefinitionArn(),
            () ->
                aws.ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(t.taskDefinitionArn()))
                    .taskDefinition());
    Gather.Pending<List<Cluster>> clusterRead =
        gather.start(
            "cluster " + cluster,
            () ->
                aws.ecs()
                    .describeClusters(r -> r.clusters(cluster).include(ClusterField.CONFIGURATIONS))
                    .clusters());
    var svc = svcRead.get();
    TaskDefinition td = tdRead.get();
    List<Cluster> clusters = clusterRead.get();
    ClusterExec clusterExec = null;
    if (clusters != null && clusters.isEmpty()) {
      gather.note("cluster " + cluster + ": DescribeClusters returned nothing");
    } else if (clusters != null) {
      var configuration = clusters.getFirst().configuration();
      clusterExec =
          clusterExec(configuration == null ? null : configuration.executeCommandConfiguration());
    }
    String agentVersion = agentVersion(gather, cluster, t);

    String taskRoleArn =
        firstNonNull(
            t.overrides() == null ? null : t.overrides().taskRoleArn(),
            td == null ? null : td.taskRoleArn());
    String executionRoleArn =
        firstNonNull(
            t.overrides() == null ? null : t.overrides().executionRoleArn(),
            td == null ? null : td.executionRoleArn());
    String account = t.taskArn().split(":")[4];
    RoleAccess taskRole =
        td == null && taskRoleArn == null
            ? null
            : taskRole(gather, taskRoleArn, clusterExec, account);
    // The execution role is read only to tell on-call "the wrong role has them".
    RoleAccess executionRole =
        executionRoleArn != null && lacksSsm(taskRole)
            ? simulate(
                gather, "execution role", executionRoleArn, actionsOn(ExecFacts.SSM_ACTIONS, "*"))
            : null;
    Caller caller = caller(gather, callerArn, t.taskArn(), clusterExec, account);

    // ECS's default network mode (Linux, EC2) when the task definition names none.
    String networkMode =
        td == null ? null : td.networkMode() == null ? "bridge" : td.networkModeAsString();
    NetworkFacts network = null;
    if ("awsvpc".equals(networkMode)) {
      List<String> subnets = taskSubnets(t);
      AwsVpcConfiguration vpc =
          svc == null || svc.networkConfiguration() == null
              ? null
              : svc.networkConfiguration().awsvpcConfiguration();
      if (subnets.isEmpty() && vpc != null && vpc.hasSubnets()) {
        subnets = vpc.subnets();
        gather.note(
            "network: the task reports no ENI subnet; checked the subnets of service " + service);
      }
      Boolean publicIp =
          vpc == null || vpc.assignPublicIp() == null
              ? null
              : "ENABLED".equals(vpc.assignPublicIpAsString());
      network = new NetworkFactsCollector(aws.ec2()).collect(gather, region, subnets, publicIp);
    }

    return new ExecFacts(
        cluster,
        taskId,
        true,
        new ExecFacts.Task(
            t.taskArn(),
            t.lastStatus(),
            launchType(t),
            t.platformVersion(),
            t.platformFamily(),
            t.enableExecuteCommand(),
            t.containerInstanceArn(),
            t.hasContainers()
                ? t.containers().stream().map(ExecFactsCollector::agent).toList()
                : null),
        service == null
            ? ExecFacts.Service.STANDALONE
            : new ExecFacts.Service(service, svc == null ? null : svc.enableExecuteCommand()),
        td == null ? lastPart(t.taskDefinitionArn()) : td.family() + ":" + td.revision(),
        agentVersion,
        clusterExec,
        taskRole,
        executionRole,
        caller,
        networkMode,
        network,
        td == null ? null : (td.pidMode() == null ? "" : td.pidModeAsString()),
        td == null ? null : containers(td, t));
  }

  private Lookup describeTask(String cluster, String taskId) {
    DescribeTasksResponse r;
    try {
      r = aws.ecs().describeTasks(q -> q.cluster(cluster).tasks(taskId));
    } catch (ClusterNotFoundException e) {
      return new Lookup(null, "cluster " + cluster + " does not exist");
    }
    if (r.hasTasks() && !r.tasks().isEmpty()) {
      return new Lookup(r.tasks().getFirst(), null);
    }
    String reason =
        r.hasFailures() && !r.failures().isEmpty() ? r.failures().getFirst().reason() : "no answer";
    return new Lookup(null, "task " + taskId + ": DescribeTasks says " + reason);
  }

  private static ClusterExec clusterExec(ExecuteCommandConfiguration c) {
    if (c == null) {
      return ClusterExec.NONE;
    }
    var log = c.logConfiguration();
    return new ClusterExec(
        c.kmsKeyId(),
        c.loggingAsString(),
        log == null ? null : log.cloudWatchLogGroupName(),
        log == null ? null : log.s3BucketName(),
        log == null ? null : log.s3KeyPrefix());
  }

  private String agentVersion(Gather gather, String cluster, Task t) {
    if ("FARGATE".equals(launchType(t)) || t.containerInstanceArn() == null) {
      return null;
    }
    return gather.optional(
        "container instance " + lastPart(t.containerInstanceArn()),
        () ->
            aws
                .ecs()
                .describeContainerInstances(
                    r -> r.cluster(cluster).containerInstances(t.containerInstanceArn()))
                .containerInstances()
                .stream()
                .findFirst()
                .map(ci -> ci.versionInfo() == null ? null : ci.versionInfo().agentVersion())
                .orElse(null));
  }

  /** The task role's ssmmessages decisions, plus what the cluster's exec configuration needs. */
  private RoleAccess taskRole(Gather gather, String arn, ClusterExec config, String account) {
    if (arn == null) {
      return new RoleAccess(null, null, null);
    }
    Map<String, List<String>> byResource = actionsOn(ExecFacts.SSM_ACTIONS, "*");
    if (config != null) {
      ExecCheck.clusterConfigActions(config, region, account)
          .forEach(
              (action, resource) ->
                  byResource.computeIfAbsent(resource, k -> new ArrayList<>()).add(action));
    }
    return simulate(gather, "task role", arn, byResource);
  }

  /** One SimulatePrincipalPolicy call per resource; a role IAM does not know exists = FALSE. */
  private RoleAccess simulate(
      Gather gather, String what, String arn, Map<String, List<String>> actionsByResource) {
    Map<String, String> decisions = new LinkedHashMap<>();
    for (var e : actionsByResource.entrySet()) {
      Simulation sim =
          gather.optional(
              what + " " + lastPart(arn) + " simulation",
              () -> simulation(arn, e.getValue(), e.getKey()));
      if (sim == null) {
        return new RoleAccess(arn, null, null);
      }
      if (sim.noSuchEntity()) {
        return new RoleAccess(arn, false, null);
      }
      decisions.putAll(sim.decisions());
    }
    return new RoleAccess(arn, true, decisions);
  }

  /**
   * What one SimulatePrincipalPolicy call said; {@code noSuchEntity} when IAM does not know the
   * principal (caught here, since {@link Gather} would turn it into an anonymous null).
   */
  private record Simulation(
      Map<String, String> decisions, Set<String> missingContext, boolean noSuchEntity) {}

  private Simulation simulation(String arn, List<String> actions, String resource) {
    try {
      Map<String, String> decisions = new LinkedHashMap<>();
      Set<String> missing = new LinkedHashSet<>();
      for (EvaluationResult r : simulateCall(arn, actions, resource)) {
        decisions.put(r.evalActionName(), r.evalDecisionAsString());
        if (r.hasMissingContextValues()) {
          missing.addAll(r.missingContextValues());
        }
      }
      return new Simulation(decisions, missing, false);
    } catch (NoSuchEntityException e) {
      return new Simulation(null, null, true);
    }
  }

  private List<EvaluationResult> simulateCall(String arn, List<String> actions, String resource) {
    return aws.iam()
        .simulatePrincipalPolicy(
            r -> {
              r.policySourceArn(arn).actionNames(actions);
              if (!"*".equals(resource)) {
                r.resourceArns(resource);
              }
            })
        .evaluationResults();
  }

  private Caller caller(
      Gather gather, String callerArn, String taskArn, ClusterExec config, String account) {
    if (callerArn == null || callerArn.isBlank()) {
      return null;
    }
    String principal = iamPrincipal(callerArn);
    if (principal == null) {
      return new Caller(callerArn, null, null, null);
    }
    Map<String, List<String>> byResource = new LinkedHashMap<>();
    byResource.put(taskArn, List.of("ecs:ExecuteCommand"));
    if (config != null && config.kmsKeyId() != null) {
      byResource.put(
          ExecCheck.kmsKeyArn(config.kmsKeyId(), region, account), List.of("kms:GenerateDataKey"));
    }
    Set<String> missing = new LinkedHashSet<>();
    Map<String, String> decisions = new LinkedHashMap<>();
    for (var e : byResource.entrySet()) {
      Simulation sim =
          gather.optional(
              "caller " + principal + " simulation",
              () -> simulation(principal, e.getValue(), e.getKey()));
      if (sim != null && sim.noSuchEntity()) {
        gather.note(
            "caller: IAM does not know "
                + principal
                + " (a role under a path, e.g. /aws-reserved/sso.amazonaws.com/, needs its full ARN)");
      }
      if (sim == null || sim.noSuchEntity()) {
        return new Caller(callerArn, principal, null, null);
      }
      decisions.putAll(sim.decisions());
      missing.addAll(sim.missingContext());
    }
    return new Caller(callerArn, principal, decisions, List.copyOf(missing));
  }

  /**
   * The IAM user or role ARN SimulatePrincipalPolicy accepts for a CloudTrail principal: an
   * assumed-role session becomes its role (without the role's path, which the session ARN does not
   * carry); root and federated users have none.
   */
  static String iamPrincipal(String arn) {
    Matcher m = ASSUMED_ROLE.matcher(arn);
    if (m.matches()) {
      return "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3);
    }
    return IAM_PRINCIPAL.matcher(arn).matches() ? arn : null;
  }

  /** Whether the task role is known to be missing any of the ssmmessages actions. */
  private static boolean lacksSsm(RoleAccess taskRole) {
    if (taskRole == null) {
      return false;
    }
    List<String> denied = taskRole.denied(ExecFacts.SSM_ACTIONS);
    return taskRole.arn() == null
        || Boolean.FALSE.equals(taskRole.exists())
        || (denied != null && !denied.isEmpty());
  }

  private static Map<String, List<String>> actionsOn(List<String> actions, String resource) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(resource, new ArrayList<>(actions));
    return m;
  }

  private static Agent agent(software.amazon.awssdk.services.ecs.model.Container c) {
    ManagedAgent a =
        c.hasManagedAgents()
            ? c.managedAgents().stream()
                .filter(m -> "ExecuteCommandAgent".equals(m.nameAsString()))
                .findFirst()
                .orElse(null)
            : null;
    return a == null
        ? new Agent(c.name(), null, null)
        : new Agent(c.name(), a.lastStatus(), a.reason());
  }

  private static List<Container> containers(TaskDefinition td, Task t) {
    Map<String, List<String>> overridden = new LinkedHashMap<>();
    if (t.overrides() != null && t.overrides().hasContainerOverrides()) {
      for (ContainerOverride o : t.overrides().containerOverrides()) {
        if (o.hasEnvironment()) {
          overridden.put(o.name(), o.environment().stream().map(KeyValuePair::name).toList());
        }
      }
    }
    List<Container> out = new ArrayList<>();
    for (ContainerDefinition c : td.containerDefinitions()) {
      Set<String> names = new LinkedHashSet<>();
      if (c.hasEnvironment()) {
        c.environment().forEach(kv -> names.add(kv.name()));
      }
      if (c.hasSecrets()) {
        c.secrets().forEach(s -> names.add(s.name()));
      }
      names.addAll(overridden.getOrDefault(c.name(), List.of()));
      out.add(
          new Container(
              c.name(),
              c.readonlyRootFilesystem(),
              c.linuxParameters() == null ? null : c.linuxParameters().initProcessEnabled(),
              c.restartPolicy() == null ? null : c.restartPolicy().enabled(),
              names.stream().filter(CREDENTIAL_VARIABLES::contains).sorted().toList()));
    }
    return out;
  }

  /** The subnets of the task's ENI attachment (awsvpc), in the order ECS lists them. */
  private static List<String> taskSubnets(Task t) {
    List<String> subnets = new ArrayList<>();
    if (!t.hasAttachments()) {
      return subnets;
    }
    for (Attachment a : t.attachments()) {
      if ("ElasticNetworkInterface".equals(a.type()) && a.hasDetails()) {
        a.details().stream()
            .filter(d -> "subnetId".equals(d.name()) && d.value() != null)
            .forEach(d -> subnets.add(d.value()));
      }
    }
    return subnets;
  }

  /** The launch type; a capacity-provider task without one is placed by where it runs. */
  private static String launchType(Task t) {
    if (t.launchType() != null) {
      return t.launchTypeAsString();
    }
    if (t.platformVersion() != null) {
      return "FARGATE";
    }
    return t.containerInstanceArn() != null ? "EC2" : null;
  }

  /** The first non-blank of two ARNs (an absent field may come back as ""), else null. */
  private static String firstNonNull(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b == null || b.isBlank() ? null : b;
  }

  private static String lastPart(String arn) {
    return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
  }
}
