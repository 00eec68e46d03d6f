package io.ecsmedic.posture;

import io.ecsmedic.check.ExecFacts;
import java.util.List;
import java.util.Set;

/**
 * Posture facts in the shape exec-check judges, so the scan's ECS Exec rule gives the same verdicts
 * as {@code ecs-medic exec-check} for what a service's configuration decides. What needs a running
 * task (its agent, the role's simulated permissions) stays out of the scan.
 */
final class ExecFactsOfService {
  /**
   * Steps that can only be UNKNOWN before a task runs: the task role's permissions are simulated
   * per task by exec-check, and on EC2 the agent version is its container instance's.
   */
  static final Set<String> NEEDS_A_TASK = Set.of("exec.task-role", "exec.platform");

  private ExecFactsOfService() {}

  static ExecFacts of(PostureFacts f) {
    PostureFacts.TaskDefinition td = f.taskDefinition();
    Boolean fargate = f.fargate();
    String launchType = fargate == null ? null : fargate ? "FARGATE" : "EC2";
    String platform =
        f.platformVersion() == null || "LATEST".equals(f.platformVersion())
            ? LATEST
            : f.platformVersion();
    ExecFacts.Task task =
        new ExecFacts.Task(null, null, launchType, platform, null, true, null, null);
    List<ExecFacts.Container> containers =
        td == null
            ? null
            : td.containers().stream()
                .map(
                    c ->
                        new ExecFacts.Container(
                            c.name(), c.readonlyRootFilesystem(), null, null, List.of()))
                .toList();
    ExecFacts.RoleAccess taskRole =
        td == null ? null : new ExecFacts.RoleAccess(td.taskRoleArn(), null, null);
    return new ExecFacts(
        f.cluster(),
        "<task>",
        null,
        task,
        new ExecFacts.Service(f.service(), true),
        td == null ? null : td.familyRevision(),
        null, // the agent version is per container instance: exec-check reads it per task
        null,
        taskRole,
        null,
        null,
        null,
        null,
        td == null ? null : td.pidMode(),
        containers);
  }

  /** What LATEST resolves to for exec's purpose: every current Linux platform has exec. */
  static final String LATEST = "1.4.0";
}
