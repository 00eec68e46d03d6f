package io.ecsmedic.aws.ecr;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.rollback.RollbackTargetCollector;
import io.ecsmedic.ecr.ImageRef;
import io.ecsmedic.ecr.InUse;
import io.ecsmedic.rollback.RollbackTarget;
import io.ecsmedic.rollback.RollbackTargets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * The in-use graph: every image something here would run, by tag and by digest.
 *
 * <ul>
 *   <li>every service, whatever its desired count (a service scaled to 0 comes back), through the
 *       task definition of each of its deployments, and its rollback target ({@link
 *       RollbackTargets}: the revision the remediation workflow would propose), reported as
 *       "rollback target of cluster/service";
 *   <li>running and recently stopped tasks (ECS keeps stopped tasks about an hour), by the image
 *       and by the digest the task actually pulled;
 *   <li>EventBridge rules and EventBridge Scheduler schedules whose ECS target names a task
 *       definition;
 *   <li>Lambda functions packaged as container images.
 * </ul>
 *
 * Only references into the registry being cleaned (its account and region) count; other registries
 * are not ours to clean. The collector reads one account in one region: the registry's own, or a
 * member account's through its checker role ({@link InUseAcrossAccounts}), whose services may pull
 * from the registry account.
 */
final class InUseCollector {
  private static final int DESCRIBE_BATCH_SERVICES = 10;
  private static final int DESCRIBE_BATCH_TASKS = 100;

  private final AwsClientFactory aws;
  private final String account;
  private final String region;
  private final Map<String, List<String>> imagesByTaskDefinition = new HashMap<>();
  final AtomicInteger calls = new AtomicInteger();
  private RollbackTargetCollector rollbackTargets;

  /** Reads the registry's own account in its own region. */
  InUseCollector(AwsClientFactory aws, String account) {
    this(aws, account, aws.settings().region());
  }

  /**
   * @param aws the clients of the account and region read (for a member account, its checker
   *     role's)
   * @param registryAccount the account whose registry is cleaned
   * @param registryRegion the region of that registry
   */
  InUseCollector(AwsClientFactory aws, String registryAccount, String registryRegion) {
    this.aws = aws;
    this.account = registryAccount;
    this.region = registryRegion;
  }

  List<InUse> collect() {
    List<InUse> out = new ArrayList<>();
    for (String cluster : clusters()) {
      services(cluster, out);
      tasks(cluster, DesiredStatus.RUNNING, out);
      tasks(cluster, DesiredStatus.STOPPED, out);
    }
    rules(out);
    schedules(out);
    functions(out);
    return out;
  }

  private List<String> clusters() {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      String from = token;
      calls.incrementAndGet();
      var page = ecs().listClusters(r -> r.nextToken(from));
      out.addAll(page.clusterArns());
      token = page.nextToken();
    } while (token != null);
    return out;
  }

  private void services(String cluster, List<InUse> out) {
    List<String> arns = new ArrayList<>();
    String token = null;
    do {
      String from = token;
      calls.incrementAndGet();
      var page = ecs().listServices(r -> r.cluster(cluster).nextToken(from).maxResults(100));
      arns.addAll(page.serviceArns());
      token = page.nextToken();
    } while (token != null);
    for (int i = 0; i < arns.size(); i += DESCRIBE_BATCH_SERVICES) {
      List<String> batch = arns.subList(i, Math.min(i + DESCRIBE_BATCH_SERVICES, arns.size()));
      calls.incrementAndGet();
      for (Service s : ecs().describeServices(r -> r.cluster(cluster).services(batch)).services()) {
        // The rollback target first: its reason is the one the report shows.
        RollbackTarget target = rollbackTarget(s);
        if (target.known()) {
          String why = "rollback target of " + name(cluster) + "/" + s.serviceName();
          for (String image : imagesOf(target.taskDefinition())) {
            ref(image).ifPresent(r -> out.add(new InUse(r, why)));
          }
        }
        Set<String> definitions = new LinkedHashSet<>();
        definitions.add(s.taskDefinition());
        s.deployments().forEach(d -> definitions.add(d.taskDefinition()));
        String who =
            "service "
                + name(cluster)
                + "/"
                + s.serviceName()
                + " (desired "
                + s.desiredCount()
                + ")";
        for (String td : definitions) {
          for (String image : imagesOf(td)) {
            ref(image).ifPresent(r -> out.add(new InUse(r, who)));
          }
        }
      }
    }
  }

  /** The service's rollback target; no audit history is read yet, only its deployments. */
  private RollbackTarget rollbackTarget(Service s) {
    if (rollbackTargets == null) {
      rollbackTargets = new RollbackTargetCollector(ecs());
    }
    int before = rollbackTargets.calls();
    RollbackTarget target = rollbackTargets.target(s, List.of());
    calls.addAndGet(rollbackTargets.calls() - before);
    return target;
  }

  private void tasks(String cluster, DesiredStatus status, List<InUse> out) {
    List<String> arns = new ArrayList<>();
    String token = null;
    do {
      String from = token;
      calls.incrementAndGet();
      var page =
          ecs()
              .listTasks(
                  r -> r.cluster(cluster).desiredStatus(status).nextToken(from).maxResults(100));
      arns.addAll(page.taskArns());
      token = page.nextToken();
    } while (token != null);
    for (int i = 0; i < arns.size(); i += DESCRIBE_BATCH_TASKS) {
      List<String> batch = arns.subList(i, Math.min(i + DESCRIBE_BATCH_TASKS, arns.size()));
      calls.incrementAndGet();
      for (Task t : ecs().describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks()) {
        String who =
            (status == DesiredStatus.RUNNING ? "running" : "recently stopped")
                + " task "
                + t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1);
        for (var c : t.containers()) {
          ref(c.image()).ifPresent(r -> out.add(new InUse(r, who)));
          if (c.imageDigest() != null) {
            ref(c.image())
                .ifPresent(
                    r ->
                        out.add(
                            new InUse(new ImageRef(r.repository(), null, c.imageDigest()), who)));
          }
        }
      }
    }
  }

  private void rules(List<InUse> out) {
    String token = null;
    do {
      String from = token;
      calls.incrementAndGet();
      var page = events().listRules(r -> r.nextToken(from).limit(100));
      for (var rule : page.rules()) {
        calls.incrementAndGet();
        for (var target :
            events()
                .listTargetsByRule(r -> r.rule(rule.name()).eventBusName(rule.eventBusName()))
                .targets()) {
          if (target.ecsParameters() != null
              && target.ecsParameters().taskDefinitionArn() != null) {
            for (String image : imagesOf(target.ecsParameters().taskDefinitionArn())) {
              ref(image).ifPresent(r -> out.add(new InUse(r, "EventBridge rule " + rule.name())));
            }
          }
        }
      }
      token = page.nextToken();
    } while (token != null);
  }

  private void schedules(List<InUse> out) {
    String token = null;
    do {
      String from = token;
      calls.incrementAndGet();
      var page = scheduler().listSchedules(r -> r.nextToken(from).maxResults(100));
      for (var summary : page.schedules()) {
        calls.incrementAndGet();
        var schedule =
            scheduler().getSchedule(r -> r.name(summary.name()).groupName(summary.groupName()));
        var ecsParameters = schedule.target() == null ? null : schedule.target().ecsParameters();
        if (ecsParameters != null && ecsParameters.taskDefinitionArn() != null) {
          for (String image : imagesOf(ecsParameters.taskDefinitionArn())) {
            ref(image).ifPresent(r -> out.add(new InUse(r, "schedule " + summary.name())));
          }
        }
      }
      token = page.nextToken();
    } while (token != null);
  }

  private void functions(List<InUse> out) {
    String marker = null;
    do {
      String from = marker;
      calls.incrementAndGet();
      var page = lambda().listFunctions(r -> r.marker(from).maxItems(50));
      for (var f : page.functions()) {
        if (f.packageType() != PackageType.IMAGE) {
          continue;
        }
        calls.incrementAndGet();
        var code = lambda().getFunction(r -> r.functionName(f.functionName())).code();
        String who = "Lambda function " + f.functionName();
        ref(code.imageUri()).ifPresent(r -> out.add(new InUse(r, who)));
        ref(code.resolvedImageUri()).ifPresent(r -> out.add(new InUse(r, who)));
      }
      marker = page.nextMarker();
    } while (marker != null);
  }

  /** A task definition's container images, described once per run. */
  private List<String> imagesOf(String taskDefinition) {
    return imagesByTaskDefinition.computeIfAbsent(
        taskDefinition,
        td -> {
          calls.incrementAndGet();
          return ecs()
              .describeTaskDefinition(r -> r.taskDefinition(td))
              .taskDefinition()
              .containerDefinitions()
              .stream()
              .map(c -> c.image())
              .toList();
        });
  }

  private java.util.Optional<ImageRef> ref(String image) {
    return ImageRef.parse(image, account, region);
  }

  private static String name(String clusterArn) {
    return clusterArn.substring(clusterArn.lastIndexOf('/') + 1);
  }

  private EcsClient ecs() {
    return aws.client(EcsClient.class, EcsClient::builder);
  }

  private EventBridgeClient events() {
    return aws.client(EventBridgeClient.class, EventBridgeClient::builder);
  }

  private SchedulerClient scheduler() {
    return aws.client(SchedulerClient.class, SchedulerClient::builder);
  }

  private LambdaClient lambda() {
    return aws.client(LambdaClient.class, LambdaClient::builder);
  }
}
