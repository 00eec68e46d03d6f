package io.ecsmedic.workflow;

import java.util.List;

/**
 * What the Apply step did ({@code applied} in the state).
 *
 * @param type the action's catalogue name
 * @param calls every mutating API call, for the audit record
 * @param newTaskDefinition the revision RAISE_MEMORY registered; null otherwise
 * @param deploymentId the deployment a service update started, which Verify follows; null when the
 *     action changed no service
 * @param taskDefinition the service's task definition after the update; null likewise
 */
public record Applied(
    String type,
    List<String> calls,
    String newTaskDefinition,
    String deploymentId,
    String taskDefinition) {

  public Applied {
    calls = calls == null ? List.of() : List.copyOf(calls);
  }
}
