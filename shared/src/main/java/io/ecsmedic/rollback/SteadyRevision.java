package io.ecsmedic.rollback;

/**
 * A revision known to have reached a steady state on the service although its deployment is no
 * longer listed by {@code DescribeServices} (ECS drops a deployment once it has no tasks), for
 * example from the audit record of an earlier incident whose change was verified steady.
 *
 * @param taskDefinition an ARN or {@code family:revision}
 * @param source where the knowledge comes from, for the reason shown to a person
 */
public record SteadyRevision(String taskDefinition, String source) {}
