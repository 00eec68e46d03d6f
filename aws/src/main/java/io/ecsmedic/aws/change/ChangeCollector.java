package io.ecsmedic.aws.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.rollback.RollbackTargetCollector;
import io.ecsmedic.change.Change;
import io.ecsmedic.change.ChangeReport;
import io.ecsmedic.change.ContainerShape;
import io.ecsmedic.change.Deployment;
import io.ecsmedic.change.TaskDefinitionDiff;
import io.ecsmedic.change.TaskDefinitionShape;
import io.ecsmedic.change.TaskDependencies;
import io.ecsmedic.change.TrailCall;
import io.ecsmedic.change.TrailEvent;
import io.ecsmedic.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Reads what changed before a service started failing ({@link ChangeReport}): the deployment that
 * introduced the failing revision (DescribeServices), the diff against the revision that last ran
 * healthy (the one rollback target, {@link RollbackTargetCollector}; DescribeTaskDefinition of
 * both), and the CloudTrail management events in the window before the failure that touched what
 * the task depends on ({@link TaskDependencies}; LookupEvents, one call per event source the task
 * depends on, at most {@link #PAGES} pages each, because AWS allows two LookupEvents a second).
 *
 * <p>Who started the deployment is the caller of the service's last UpdateService / CreateService
 * at or before the deployment's creation. Each stage hands its partial report to {@code partial},
 * so a caller that stops waiting ({@link ChangeBudget}) still has the ECS part.
 */
public final class ChangeCollector {
  /** LookupEvents pages (50 events each) read per event source. */
  static final int PAGES = 2;

  /** How far after the UpdateService call ECS may date the deployment it created. */
  static final Duration DEPLOYMENT_SLACK = Duration.ofSeconds(60);

  private final EcsClient ecs;
  private final Supplier<CloudTrailClient> cloudTrail;
  private final Supplier<Ec2Client> ec2;
  private final Duration lookback;

  /**
   * @param lookback how long before the failure CloudTrail is searched
   */
  public ChangeCollector(
      EcsClient ecs,
      Supplier<CloudTrailClient> cloudTrail,
      Supplier<Ec2Client> ec2,
      Duration lookback) {
    this.ecs = ecs;
    this.cloudTrail = cloudTrail;
    this.ec2 = ec2;
    this.lookback = lookback;
  }

  /**
   * What to explain.
   *
   * @param failingTaskDefinition the revision the failing task ran; null: the service's current one
   * @param deploymentId the deployment the failing task came from; null when the input did not say
   * @param failureAt the first failure (the event's time)
   */
  public record Request(
      String cluster,
      String service,
      String failingTaskDefinition,
      String deploymentId,
      Instant failureAt) {}

  /** The whole report; each stage's partial report goes to {@code partial} as it is known. */
  public ChangeReport collect(Request r, Consumer<ChangeReport> partial) {
    List<Service> found =
        ecs.describeServices(d -> d.cluster(r.cluster()).services(r.service())).services();
    if (found.isEmpty()) {
      return ChangeReport.nothing(
          r.failureAt(), List.of("what changed: service " + r.service() + " not found"));
    }
    Service service = found.getFirst();
    Optional<software.amazon.awssdk.services.ecs.model.Deployment> deployment =
        deployment(service, r);
    String failing =
        r.failingTaskDefinition() != null
            ? r.failingTaskDefinition()
            : deployment.map(d -> d.taskDefinition()).orElse(service.taskDefinition());
    Deployment introduced =
        deployment
            .map(
                d ->
                    new Deployment(
                        d.id(), d.taskDefinition(), d.createdAt(), null, d.rolloutStateAsString()))
            .orElse(null);
    String healthy = new RollbackTargetCollector(ecs).target(service, List.of()).taskDefinition();
    TaskDefinition failingTd = describe(failing);
    TaskDefinitionShape failingShape = TaskDefinitionShapes.of(failingTd);
    List<Change> diff = List.of();
    String healthyName = null;
    if (healthy != null && !healthy.equals(failing)) {
      TaskDefinitionShape healthyShape = TaskDefinitionShapes.of(describe(healthy));
      diff = TaskDefinitionDiff.between(healthyShape, failingShape);
      healthyName = healthyShape.revision();
    }
    ChangeReport ecsPart =
        new ChangeReport(
            r.failureAt(),
            failingShape.revision(),
            healthyName,
            diff,
            introduced,
            List.of(),
            List.of());
    partial.accept(ecsPart);

    TaskDependencies deps = dependencies(r, service, failingTd);
    List<TrailEvent> events = new ArrayList<>();
    for (String source : deps.sources()) {
      for (TrailCall call : lookup(source, r.failureAt())) {
        deps.matters(call).ifPresent(events::add);
      }
    }
    events.sort(Comparator.comparing(TrailEvent::at));
    if (introduced != null) {
      introduced = startedBy(introduced, events);
    }
    return new ChangeReport(
        r.failureAt(), ecsPart.failingRevision(), healthyName, diff, introduced, events, List.of());
  }

  /** The deployment the input named, else the newest one running the failing revision. */
  private static Optional<software.amazon.awssdk.services.ecs.model.Deployment> deployment(
      Service service, Request r) {
    var deployments = service.deployments();
    if (r.deploymentId() != null) {
      Optional<software.amazon.awssdk.services.ecs.model.Deployment> named =
          deployments.stream().filter(d -> r.deploymentId().equals(d.id())).findFirst();
      if (named.isPresent()) {
        return named;
      }
    }
    String failing =
        r.failingTaskDefinition() != null ? r.failingTaskDefinition() : service.taskDefinition();
    return deployments.stream()
        .filter(d -> failing.equals(d.taskDefinition()))
        .filter(d -> d.createdAt() != null)
        .max(Comparator.comparing(d -> d.createdAt()));
  }

  private TaskDefinition describe(String taskDefinition) {
    return ecs.describeTaskDefinition(d -> d.taskDefinition(taskDefinition)).taskDefinition();
  }

  private TaskDependencies dependencies(Request r, Service service, TaskDefinition td) {
    Map<String, String> secrets = new TreeMap<>();
    Set<String> repositories = new LinkedHashSet<>();
    for (ContainerShape c : TaskDefinitionShapes.of(td).containers()) {
      secrets.putAll(c.secrets());
      ecrRepository(c.image()).ifPresent(repositories::add);
    }
    Set<String> groups = new HashSet<>();
    Set<String> subnets = new HashSet<>();
    if (service.networkConfiguration() != null
        && service.networkConfiguration().awsvpcConfiguration() != null) {
      AwsVpcConfiguration vpc = service.networkConfiguration().awsvpcConfiguration();
      groups.addAll(vpc.securityGroups());
      subnets.addAll(vpc.subnets());
    }
    return new TaskDependencies(
        r.cluster(), r.service(), td.family(), secrets, groups, routeTables(subnets), repositories);
  }

  private Set<String> routeTables(Set<String> subnets) {
    if (subnets.isEmpty()) {
      return Set.of();
    }
    Set<String> tables = new HashSet<>();
    ec2.get()
        .describeRouteTables(
            d -> d.filters(Filter.builder().name("association.subnet-id").values(subnets).build()))
        .routeTables()
        .forEach(t -> tables.add(t.routeTableId()));
    return tables;
  }

  /**
   * {@code 1.dkr.ecr.us-east-1.amazonaws.com/orders:7} → {@code orders}; other registries: none.
   */
  static Optional<String> ecrRepository(String image) {
    if (image == null || !image.contains(".dkr.ecr.")) {
      return Optional.empty();
    }
    String path = image.substring(image.indexOf('/') + 1);
    int at = path.indexOf('@');
    if (at >= 0) {
      return Optional.of(path.substring(0, at));
    }
    int colon = path.lastIndexOf(':');
    return Optional.of(colon < 0 ? path : path.substring(0, colon));
  }

  private List<TrailCall> lookup(String source, Instant failureAt) {
    List<TrailCall> calls = new ArrayList<>();
    String token = null;
    for (int page = 0; page < PAGES; page++) {
      String next = token;
      LookupEventsResponse response =
          cloudTrail
              .get()
              .lookupEvents(
                  l ->
                      l.lookupAttributes(
                              a ->
                                  a.attributeKey(LookupAttributeKey.EVENT_SOURCE)
                                      .attributeValue(source))
                          .startTime(failureAt.minus(lookback))
                          .endTime(failureAt)
                          .maxResults(50)
                          .nextToken(next));
      for (Event e : response.events()) {
        if (TaskDependencies.CALLS.getOrDefault(source, Set.of()).contains(e.eventName())) {
          calls.add(call(e));
        }
      }
      token = response.nextToken();
      if (token == null || token.isEmpty()) {
        break;
      }
    }
    return calls;
  }

  private static TrailCall call(Event e) {
    JsonNode detail;
    try {
      detail =
          e.cloudTrailEvent() == null
              ? Json.MAPPER.createObjectNode()
              : Json.MAPPER.readTree(e.cloudTrailEvent());
    } catch (IOException ex) {
      detail = Json.MAPPER.createObjectNode();
    }
    JsonNode arn = detail.at("/userIdentity/arn");
    return new TrailCall(
        e.eventTime(),
        e.eventName(),
        arn.isTextual() ? arn.asText() : e.username(),
        detail.path("requestParameters"));
  }

  /** The caller of the service's last UpdateService / CreateService before the deployment. */
  private static Deployment startedBy(Deployment d, List<TrailEvent> events) {
    if (d.createdAt() == null) {
      return d;
    }
    Instant latest = d.createdAt().plus(DEPLOYMENT_SLACK);
    return events.stream()
        .filter(e -> e.why().equals("the service"))
        .filter(e -> !e.at().isAfter(latest))
        .max(Comparator.comparing(TrailEvent::at))
        .map(
            e ->
                new Deployment(
                    d.id(), d.taskDefinition(), d.createdAt(), e.principal(), d.rolloutState()))
        .orElse(d);
  }
}
