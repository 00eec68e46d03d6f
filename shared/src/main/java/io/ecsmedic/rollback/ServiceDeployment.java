package io.ecsmedic.rollback;

/**
 * One deployment of an ECS service, as {@code DescribeServices} reports it.
 *
 * @param status PRIMARY, ACTIVE or INACTIVE
 * @param taskDefinition the revision it runs (an ARN or {@code family:revision})
 * @param rolloutState IN_PROGRESS, COMPLETED or FAILED; null when ECS did not say
 * @param rolloutStateReason ECS's words for the state, e.g. "ECS deployment circuit breaker..."
 */
public record ServiceDeployment(
    String id,
    String status,
    String taskDefinition,
    String rolloutState,
    String rolloutStateReason) {

  boolean completed() {
    return "COMPLETED".equals(rolloutState);
  }

  boolean failed() {
    return "FAILED".equals(rolloutState);
  }
}
