package io.ecsmedic.remediation;

import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * A revision ecs-medic registers runs with exactly the roles of the revision it replaces: the
 * remediation role may pass the listed task roles (PassableTaskRoleArns), and without this check a
 * revision built from another task definition could hand a service a role it never had. Checked
 * right before RegisterTaskDefinition; any difference refuses the action.
 */
final class RolesKept {
  private RolesKept() {}

  /** Why {@code next} may not replace {@code replaced}; empty when both roles are the same. */
  static Optional<String> refusal(TaskDefinition replaced, RegisterTaskDefinitionRequest next) {
    if (!Objects.equals(replaced.taskRoleArn(), next.taskRoleArn())) {
      return Optional.of(
          changed("task role", replaced.taskRoleArn(), next.taskRoleArn(), replaced));
    }
    if (!Objects.equals(replaced.executionRoleArn(), next.executionRoleArn())) {
      return Optional.of(
          changed(
              "execution role", replaced.executionRoleArn(), next.executionRoleArn(), replaced));
    }
    return Optional.empty();
  }

  private static String changed(String role, String from, String to, TaskDefinition replaced) {
    return "the new revision would change the "
        + role
        + " of "
        + replaced.taskDefinitionArn()
        + " from "
        + (from == null ? "none" : from)
        + " to "
        + (to == null ? "none" : to);
  }
}
