package io.ecsmedic.aws.rollback;

import io.ecsmedic.rollback.RollbackTarget;
import io.ecsmedic.rollback.RollbackTargets;
import io.ecsmedic.rollback.ServiceDeployment;
import io.ecsmedic.rollback.SteadyRevision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;

/**
 * Reads what {@link RollbackTargets} needs about one service: its deployments from the {@code
 * DescribeServices} answer the caller already holds, and {@code DescribeTaskDefinition} of the
 * chosen revision only, to confirm ECS can still deploy it (ACTIVE). An INACTIVE or unreadable
 * revision is set aside and the next one chosen, at most {@link #MAX_CONFIRMATIONS} times.
 *
 * <p>When the service's current deployments name no target (ECS keeps only the deployments still
 * running; after a completed rollout the one before is gone), ECS's deployment history answers:
 * {@code ListServiceDeployments} (status SUCCESSFUL, newest first) and {@code
 * DescribeServiceRevisions} give the task definitions of the last deployments that completed. Those
 * are read only then, and a failed read leaves the answer as it was.
 *
 * <p>Used by the remediation workflow's Enrich step (what it proposes) and by ECR hygiene (what it
 * keeps), so both name the same revision.
 */
public final class RollbackTargetCollector {
  static final int MAX_CONFIRMATIONS = 3;

  private final EcsClient ecs;
  private final AtomicInteger calls = new AtomicInteger();

  public RollbackTargetCollector(EcsClient ecs) {
    this.ecs = ecs;
  }

  /**
   * The rollback target of a service as ECS describes it; the failing revision is the one it runs.
   *
   * @param history revisions known elsewhere to have reached a steady state, newest first
   */
  public RollbackTarget target(Service service, List<SteadyRevision> history) {
    RollbackTarget target = target(service, history, List.of());
    if (target.known()) {
      return target;
    }
    List<SteadyRevision> fromEcs = deploymentHistory(service);
    return fromEcs.isEmpty() ? target : target(service, history, fromEcs);
  }

  private RollbackTarget target(
      Service service, List<SteadyRevision> known, List<SteadyRevision> fromEcs) {
    List<SteadyRevision> history = new ArrayList<>(known);
    history.addAll(fromEcs);
    List<ServiceDeployment> deployments =
        service.deployments().stream()
            .map(
                d ->
                    new ServiceDeployment(
                        d.id(),
                        d.status(),
                        d.taskDefinition(),
                        d.rolloutStateAsString(),
                        d.rolloutStateReason()))
            .toList();
    Set<String> inactive = new HashSet<>();
    RollbackTarget target =
        RollbackTargets.choose(service.taskDefinition(), deployments, history, inactive);
    for (int i = 0; i < MAX_CONFIRMATIONS && target.known(); i++) {
      if (active(target.taskDefinition())) {
        return target;
      }
      inactive.add(target.taskDefinition());
      target = RollbackTargets.choose(service.taskDefinition(), deployments, history, inactive);
    }
    return target.known()
        ? new RollbackTarget(
            null,
            "none of the first "
                + MAX_CONFIRMATIONS
                + " steady revisions is ACTIVE any more; "
                + target.taskDefinition()
                + " was not checked")
        : target;
  }

  /** How many successful deployments of ECS's history are read: enough to pass a few failures. */
  static final int HISTORY = 5;

  /**
   * The task definitions of the service's last successful deployments, newest first, from ECS's
   * deployment history; empty when ECS has none or cannot say (older API, no permission).
   */
  List<SteadyRevision> deploymentHistory(Service service) {
    try {
      calls.incrementAndGet();
      List<ServiceDeploymentBrief> successful =
          new ArrayList<>(
              ecs.listServiceDeployments(
                      r ->
                          r.cluster(service.clusterArn())
                              .service(service.serviceName())
                              .status(ServiceDeploymentStatus.SUCCESSFUL)
                              .maxResults(HISTORY))
                  .serviceDeployments());
      successful.removeIf(d -> d.targetServiceRevisionArn() == null);
      if (successful.isEmpty()) {
        return List.of();
      }
      successful.sort(
          Comparator.comparing(
                  (ServiceDeploymentBrief d) ->
                      d.finishedAt() != null ? d.finishedAt() : d.createdAt(),
                  Comparator.nullsFirst(Comparator.naturalOrder()))
              .reversed());
      calls.incrementAndGet();
      Map<String, String> taskDefinitionByRevision = new HashMap<>();
      for (ServiceRevision r :
          ecs.describeServiceRevisions(
                  r ->
                      r.serviceRevisionArns(
                          successful.stream()
                              .map(ServiceDeploymentBrief::targetServiceRevisionArn)
                              .toList()))
              .serviceRevisions()) {
        taskDefinitionByRevision.put(r.serviceRevisionArn(), r.taskDefinition());
      }
      List<SteadyRevision> out = new ArrayList<>();
      for (ServiceDeploymentBrief d : successful) {
        String td = taskDefinitionByRevision.get(d.targetServiceRevisionArn());
        if (td != null) {
          out.add(
              new SteadyRevision(
                  td,
                  "ECS deployment history: "
                      + lastSegment(d.serviceDeploymentArn())
                      + " SUCCESSFUL"));
        }
      }
      return out;
    } catch (SdkException e) {
      return List.of();
    }
  }

  private static String lastSegment(String arn) {
    return arn == null ? "?" : arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** API calls made so far, for the caller's report. */
  public int calls() {
    return calls.get();
  }

  private boolean active(String taskDefinition) {
    calls.incrementAndGet();
    try {
      return "ACTIVE"
          .equals(
              ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinition))
                  .taskDefinition()
                  .statusAsString());
    } catch (EcsException e) {
      return false;
    }
  }
}
