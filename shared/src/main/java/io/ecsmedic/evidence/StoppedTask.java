package io.ecsmedic.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.event.EcsInput;
import io.ecsmedic.event.InputKind;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The stopped task whose container's last words are worth reading: a task event whose diagnosis
 * says a container ran (it exited, was OOM-killed, failed its health check). Not for failures
 * before any container started (pull, ENI, capacity, secrets, log driver, an invalid task
 * definition): no application line exists then, and reading would only cost the alert time.
 *
 * @param taskArn the task; its id names the awslogs stream
 * @param taskDefinitionArn where the log configuration is read
 * @param container the container the diagnosis blames (the culprit), or null: the first that logs
 */
public record StoppedTask(String taskArn, String taskDefinitionArn, String container) {

  /** Categories where a container ran, so it may have said why it stopped. */
  public static final Set<Category> CONTAINER_RAN =
      EnumSet.of(
          Category.APP_EXIT,
          Category.OOM,
          Category.EXIT_137_NON_OOM,
          Category.HEALTH_CHECK_CONTAINER,
          Category.ELB_HEALTH_CHECK,
          Category.UNKNOWN);

  /** The task to read, when the input is a task event about a container that ran. */
  public static Optional<StoppedTask> of(EcsInput input, Finding finding) {
    if (input.kind() != InputKind.TASK_STATE_CHANGE
        || !CONTAINER_RAN.contains(finding.category())) {
      return Optional.empty();
    }
    JsonNode detail = input.matchDocument().path("detail");
    String task = detail.path("taskArn").textValue();
    String taskDefinition = detail.path("taskDefinitionArn").textValue();
    if (task == null || taskDefinition == null) {
      return Optional.empty();
    }
    return Optional.of(
        new StoppedTask(task, taskDefinition, input.facts().path("container").textValue()));
  }

  /** The last part of the task ARN, which names the awslogs stream. */
  public String taskId() {
    return taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }
}
