package io.ecsmedic.workflow;

import io.ecsmedic.check.CheckReport;
import java.util.List;
import java.util.Map;

/**
 * What the Enrich step read from the live account ({@code enrichment} in the workflow state): the
 * service and its task definition, required; the rest evidence, each piece absent or noted when it
 * could not be read.
 *
 * @param found false when the service no longer exists; then only {@code notes} is set
 * @param previousTaskDefinition the revision a rollback would return to; null when there is none
 * @param check the finding's deep check (alb-check, exec-check, pull-check); null when none ran
 * @param notes what could not be read, and why
 */
public record Enrichment(
    boolean found,
    ServiceState service,
    TaskDefinitionState taskDefinition,
    String previousTaskDefinition,
    List<TargetGroupState> targetGroups,
    List<LogGroupState> logGroups,
    List<ImageState> images,
    List<StoppedTask> stoppedTasks,
    CheckReport check,
    List<String> notes) {

  public Enrichment {
    targetGroups = targetGroups == null ? List.of() : List.copyOf(targetGroups);
    logGroups = logGroups == null ? List.of() : List.copyOf(logGroups);
    images = images == null ? List.of() : List.copyOf(images);
    stoppedTasks = stoppedTasks == null ? List.of() : List.copyOf(stoppedTasks);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** A service that is gone: nothing to plan. */
  public static Enrichment notFound(String note) {
    return new Enrichment(false, null, null, null, null, null, null, null, null, List.of(note));
  }

  /** The same enrichment with the deep check's report. */
  public Enrichment withCheck(CheckReport report) {
    return new Enrichment(
        found,
        service,
        taskDefinition,
        previousTaskDefinition,
        targetGroups,
        logGroups,
        images,
        stoppedTasks,
        report,
        notes);
  }

  /** The same enrichment with one more note. */
  public Enrichment withNote(String note) {
    List<String> more = new java.util.ArrayList<>(notes);
    more.add(note);
    return new Enrichment(
        found,
        service,
        taskDefinition,
        previousTaskDefinition,
        targetGroups,
        logGroups,
        images,
        stoppedTasks,
        check,
        more);
  }

  /**
   * The ECS service as the plan and the re-check see it.
   *
   * @param primaryDeploymentId the PRIMARY deployment when the plan was made; the re-check refuses
   *     if another replaced it
   * @param rollingBack a circuit-breaker rollback was in progress
   * @param events the newest service events, newest first
   */
  public record ServiceState(
      String taskDefinition,
      Integer desiredCount,
      Integer runningCount,
      boolean enableExecuteCommand,
      int healthCheckGracePeriodSeconds,
      CircuitBreaker circuitBreaker,
      String primaryDeploymentId,
      String rolloutState,
      boolean rollingBack,
      List<DeploymentState> deployments,
      List<String> events,
      List<LoadBalancerRef> loadBalancers) {

    public ServiceState {
      circuitBreaker = circuitBreaker == null ? new CircuitBreaker(false, false) : circuitBreaker;
      deployments = deployments == null ? List.of() : List.copyOf(deployments);
      events = events == null ? List.of() : List.copyOf(events);
      loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
    }
  }

  /** The deployment circuit breaker's two switches. */
  public record CircuitBreaker(boolean enable, boolean rollback) {}

  /** One of the service's deployments. */
  public record DeploymentState(
      String id,
      String status,
      String taskDefinition,
      String rolloutState,
      String rolloutStateReason) {}

  /** A load balancer the service registers its tasks with. */
  public record LoadBalancerRef(
      String targetGroupArn, String containerName, Integer containerPort) {}

  /**
   * The running task definition.
   *
   * @param cpu task-level CPU units as ECS reports them (a string; null when unset)
   * @param memory task-level MiB as ECS reports them (a string; null when unset)
   * @param fargate whether it requires FARGATE
   */
  public record TaskDefinitionState(
      String arn,
      String family,
      Integer revision,
      String cpu,
      String memory,
      boolean fargate,
      List<ContainerState> containers) {

    public TaskDefinitionState {
      containers = containers == null ? List.of() : List.copyOf(containers);
    }
  }

  /** A container definition: its name, image and hard memory limit (MiB, or null). */
  public record ContainerState(String name, String image, Integer memory) {}

  /**
   * A target group of the service.
   *
   * @param deregistrationDelaySeconds null when it could not be read
   * @param targets how many targets are in each health state
   */
  public record TargetGroupState(
      String arn, Integer deregistrationDelaySeconds, Map<String, Integer> targets) {}

  /** An awslogs group the task definition names, and whether it exists. */
  public record LogGroupState(String name, boolean exists) {}

  /**
   * An ECR image of the task definition.
   *
   * @param exists null when it could not be read
   * @param why ECR's error code when it does not exist
   */
  public record ImageState(String container, String image, Boolean exists, String why) {}

  /** A recently stopped task of the service; the newest carries its last log lines. */
  public record StoppedTask(
      String taskArn,
      String stopCode,
      String stoppedReason,
      List<StoppedContainer> containers,
      LastLog lastLog) {

    public StoppedTask {
      containers = containers == null ? List.of() : List.copyOf(containers);
    }
  }

  /** A container of a stopped task: exit code and reason, when ECS gave them. */
  public record StoppedContainer(String name, Integer exitCode, String reason) {}

  /** The last lines the newest stopped task wrote to one awslogs stream. */
  public record LastLog(String stream, List<String> lines) {

    public LastLog {
      lines = lines == null ? List.of() : List.copyOf(lines);
    }
  }
}
