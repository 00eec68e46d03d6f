package io.ecsmedic.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ecsmedic.model.ActionType;
import java.util.Optional;

/**
 * An action the remediation workflow applies, with the parameters the Plan step read from the live
 * state. One record per {@link ActionType} the workflow applies; its components are the {@code
 * params} of {@code plan.action} in the workflow state (docs/architecture.md).
 *
 * <p>The interface is sealed and every step switches over it (or over {@link ActionType}) without a
 * {@code default}: adding a record fails to compile until planning, applying, verifying and
 * describing it are written.
 */
public sealed interface RemediationAction
    permits RemediationAction.ForceNewDeployment,
        RemediationAction.EnableExecuteCommand,
        RemediationAction.RaiseMemory,
        RemediationAction.SetDeregistrationDelay,
        RemediationAction.SetHealthCheckGracePeriod,
        RemediationAction.EnableCircuitBreakerRollback,
        RemediationAction.RollbackTaskDefinition,
        RemediationAction.CreateLogGroup {

  /** The cluster of the service the finding names. */
  String cluster();

  /** The service the finding names (a target-group or log-group action still belongs to it). */
  String service();

  /** The catalogue's name of this action; {@link #recordOf} is the other direction. */
  default ActionType type() {
    return switch (this) {
      case ForceNewDeployment a -> ActionType.FORCE_NEW_DEPLOYMENT;
      case EnableExecuteCommand a -> ActionType.ENABLE_EXECUTE_COMMAND;
      case RaiseMemory a -> ActionType.RAISE_MEMORY;
      case SetDeregistrationDelay a -> ActionType.SET_DEREGISTRATION_DELAY;
      case SetHealthCheckGracePeriod a -> ActionType.SET_HEALTH_CHECK_GRACE_PERIOD;
      case EnableCircuitBreakerRollback a -> ActionType.ENABLE_CIRCUIT_BREAKER_ROLLBACK;
      case RollbackTaskDefinition a -> ActionType.ROLLBACK_TASK_DEFINITION;
      case CreateLogGroup a -> ActionType.CREATE_LOG_GROUP;
    };
  }

  /**
   * The record that carries a catalogue action's parameters; empty for the actions the workflow
   * never applies (ECR housekeeping runs in its own workflow, MANUAL is for a human).
   */
  static Optional<Class<? extends RemediationAction>> recordOf(ActionType type) {
    return Optional.ofNullable(
        switch (type) {
          case FORCE_NEW_DEPLOYMENT -> ForceNewDeployment.class;
          case ENABLE_EXECUTE_COMMAND -> EnableExecuteCommand.class;
          case RAISE_MEMORY -> RaiseMemory.class;
          case SET_DEREGISTRATION_DELAY -> SetDeregistrationDelay.class;
          case SET_HEALTH_CHECK_GRACE_PERIOD -> SetHealthCheckGracePeriod.class;
          case ENABLE_CIRCUIT_BREAKER_ROLLBACK -> EnableCircuitBreakerRollback.class;
          case ROLLBACK_TASK_DEFINITION -> RollbackTaskDefinition.class;
          case CREATE_LOG_GROUP -> CreateLogGroup.class;
          case ECR_PUT_LIFECYCLE_POLICY, ECR_DELETE_IMAGES, MANUAL -> null;
        });
  }

  /** Replace the service's tasks with the same task definition. */
  record ForceNewDeployment(
      @JsonProperty(required = true) String cluster, @JsonProperty(required = true) String service)
      implements RemediationAction {}

  /** Turn ECS Exec on and replace the tasks, which get it only when they start. */
  record EnableExecuteCommand(
      @JsonProperty(required = true) String cluster, @JsonProperty(required = true) String service)
      implements RemediationAction {}

  /**
   * Register a revision of {@code taskDefinition} with the next valid Fargate size and deploy it.
   */
  record RaiseMemory(
      @JsonProperty(required = true) String cluster,
      @JsonProperty(required = true) String service,
      @JsonProperty(required = true) String taskDefinition,
      @JsonProperty(required = true) int fromCpu,
      @JsonProperty(required = true) int fromMemory,
      @JsonProperty(required = true) int toCpu,
      @JsonProperty(required = true) int toMemory)
      implements RemediationAction {}

  /** Lower a target group's deregistration delay from {@code from} to {@code to} seconds. */
  record SetDeregistrationDelay(
      @JsonProperty(required = true) String cluster,
      @JsonProperty(required = true) String service,
      @JsonProperty(required = true) String targetGroupArn,
      @JsonProperty(required = true) int from,
      @JsonProperty(required = true) int to)
      implements RemediationAction {}

  /** Raise the service's health-check grace period from {@code from} to {@code to} seconds. */
  record SetHealthCheckGracePeriod(
      @JsonProperty(required = true) String cluster,
      @JsonProperty(required = true) String service,
      @JsonProperty(required = true) int from,
      @JsonProperty(required = true) int to)
      implements RemediationAction {}

  /** Turn on the deployment circuit breaker with rollback. */
  record EnableCircuitBreakerRollback(
      @JsonProperty(required = true) String cluster, @JsonProperty(required = true) String service)
      implements RemediationAction {}

  /** Deploy the task definition {@code to} in place of {@code from}. */
  record RollbackTaskDefinition(
      @JsonProperty(required = true) String cluster,
      @JsonProperty(required = true) String service,
      @JsonProperty(required = true) String from,
      @JsonProperty(required = true) String to)
      implements RemediationAction {}

  /** Create the awslogs group the task definition names and nobody created. */
  record CreateLogGroup(
      @JsonProperty(required = true) String cluster,
      @JsonProperty(required = true) String service,
      @JsonProperty(required = true) String logGroupName)
      implements RemediationAction {}
}
