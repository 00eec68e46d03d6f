package io.ecsmedic.posture;

import io.ecsmedic.model.ActionType;
import java.util.List;
import java.util.Optional;

/**
 * The posture catalogue: every rule the scan judges, in report order. The judgements are in {@link
 * ServiceRules} (the service and its load balancing) and {@link TaskDefinitionRules} (the task
 * definition and its roles); docs/posture.md lists this catalogue and a test keeps the two equal.
 */
public final class PostureRules {
  private static final String ECS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/";
  private static final String TD = ECS + "task_definition_parameters.html";

  public static final PostureRule CIRCUIT_BREAKER =
      new PostureRule(
          "posture.circuit-breaker",
          Severity.HIGH,
          "the deployment circuit breaker is on, with rollback",
          "without it a deployment whose tasks never start retries for hours and never rolls back",
          ECS + "deployment-circuit-breaker.html",
          ActionType.ENABLE_CIRCUIT_BREAKER_ROLLBACK);

  public static final PostureRule GRACE_PERIOD =
      new PostureRule(
          "posture.grace-period",
          Severity.MEDIUM,
          "a service behind a load balancer has a health-check grace period",
          "with 0 s, ELB health checks kill slow-starting tasks before they are ready",
          ECS + "service_definition_parameters.html",
          ActionType.SET_HEALTH_CHECK_GRACE_PERIOD);

  public static final PostureRule DEREGISTRATION_DELAY =
      new PostureRule(
          "posture.deregistration-delay",
          Severity.LOW,
          "the deregistration delay fits the longest request",
          "below the longest request it cuts requests on every deploy; left at 300 s every deploy"
              + " waits five minutes per task",
          ECS + "load-balancer-connection-draining.html",
          ActionType.SET_DEREGISTRATION_DELAY);

  public static final PostureRule ZERO_DOWNTIME =
      new PostureRule(
          "posture.zero-downtime",
          Severity.MEDIUM,
          "a single-task service deploys with minimumHealthyPercent 100 and maximumPercent 200",
          "with desiredCount 1 and minimumHealthyPercent below 100 ECS stops the only task first",
          ECS + "deployment-type-ecs.html",
          null);

  public static final PostureRule PLATFORM_VERSION =
      new PostureRule(
          "posture.platform-version",
          Severity.HIGH,
          "Fargate services run platform LATEST or 1.4.0 and later",
          "platform 1.3.0 and older are retired: no ECS Exec, no EFS, no ephemeral storage",
          ECS + "platform-versions-retired.html",
          null);

  public static final PostureRule LOG_MODE =
      new PostureRule(
          "posture.log-mode",
          Severity.MEDIUM,
          "awslogs containers log in non-blocking mode",
          "in blocking mode a CloudWatch Logs hiccup blocks the application's stdout writes",
          ECS + "using_awslogs.html",
          null);

  public static final PostureRule DEPENDS_ON_HEALTHY =
      new PostureRule(
          "posture.depends-on-healthy",
          Severity.HIGH,
          "dependsOn HEALTHY names only containers with a health check",
          "a container waiting for HEALTHY on one without a health check never starts",
          TD + "#container_definition_dependson",
          null);

  public static final PostureRule START_TIMEOUT =
      new PostureRule(
          "posture.start-timeout",
          Severity.LOW,
          "startTimeout is at most 120 s",
          "Fargate caps startTimeout at 120 s; a longer value hides a dependency that never starts",
          TD + "#container_definition_timeout",
          null);

  public static final PostureRule SECRETS_IN_ENVIRONMENT =
      new PostureRule(
          "posture.secrets-in-environment",
          Severity.HIGH,
          "secrets and keys come from secrets, not environment",
          "plain environment values are readable by anyone who may describe the task definition",
          ECS + "specifying-sensitive-data.html",
          null);

  public static final PostureRule ROLE_SEPARATION =
      new PostureRule(
          "posture.role-separation",
          Severity.MEDIUM,
          "the task role and the execution role are different roles",
          "one role for both gives the application the rights ECS needs to pull images and secrets",
          ECS + "task-iam-roles.html",
          null);

  public static final PostureRule ROLE_WILDCARDS =
      new PostureRule(
          "posture.role-wildcards",
          Severity.HIGH,
          "neither role has a *FullAccess, AdministratorAccess or wildcard-action policy",
          "a compromised container gets every right of its roles",
          "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html",
          null);

  public static final PostureRule SPOT_BASE =
      new PostureRule(
          "posture.spot-base",
          Severity.MEDIUM,
          "a FARGATE_SPOT strategy keeps an on-demand FARGATE base",
          "when Spot capacity is reclaimed every task can go at once",
          ECS + "fargate-capacity-providers.html",
          null);

  public static final PostureRule STOP_TIMEOUT =
      new PostureRule(
          "posture.stop-timeout",
          Severity.ADVICE,
          "a queue worker sets stopTimeout for its longest job (and handles SIGTERM)",
          "after SIGTERM ECS waits stopTimeout (30 s by default) and then kills the job mid-way",
          TD + "#container_definition_timeout",
          null);

  public static final PostureRule EXEC_PREREQUISITES =
      new PostureRule(
          "posture.exec-prerequisites",
          Severity.MEDIUM,
          "a service with ECS Exec on meets exec's prerequisites",
          "enableExecuteCommand without a task role, platform 1.4.0 or a writable root fails every"
              + " session",
          ECS + "ecs-exec.html",
          null);

  public static final PostureRule FARGATE_SIZE =
      new PostureRule(
          "posture.fargate-size",
          Severity.HIGH,
          "a Fargate task definition has a valid cpu/memory pair",
          "Fargate refuses to start a task whose cpu and memory are not a supported pair",
          ECS + "fargate-tasks-services.html#fargate-tasks-size",
          null);

  public static final PostureRule IMAGE_DIGEST =
      new PostureRule(
          "posture.image-digest",
          Severity.ADVICE,
          "images are pinned by digest, not a mutable tag",
          "a tag can move: a rollback or a scale-out can run other code than the deploy tested",
          TD + "#container_definition_image",
          null);

  public static final PostureRule CONTAINER_HEALTH_CHECK =
      new PostureRule(
          "posture.container-health-check",
          Severity.MEDIUM,
          "essential containers of a service behind no load balancer have a health check",
          "with no load balancer and no health check a hung container is never replaced",
          TD + "#container_definition_healthcheck",
          null);

  public static final List<PostureRule> ALL =
      List.of(
          CIRCUIT_BREAKER,
          GRACE_PERIOD,
          DEREGISTRATION_DELAY,
          ZERO_DOWNTIME,
          PLATFORM_VERSION,
          LOG_MODE,
          DEPENDS_ON_HEALTHY,
          START_TIMEOUT,
          SECRETS_IN_ENVIRONMENT,
          ROLE_SEPARATION,
          ROLE_WILDCARDS,
          SPOT_BASE,
          STOP_TIMEOUT,
          EXEC_PREREQUISITES,
          FARGATE_SIZE,
          IMAGE_DIGEST,
          CONTAINER_HEALTH_CHECK);

  private PostureRules() {}

  public static Optional<PostureRule> byId(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
  }
}
