package io.ecsmedic.rollback;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one definition of "the revision to roll back to", shared by the remediation workflow (what it
 * proposes), ECR hygiene (what it must never delete) and the alert text (what it tells a person to
 * look up). Pure: callers gather the facts (in {@code aws}: {@code RollbackTargetCollector}).
 *
 * <p>The target is the last revision of the service that reached a steady state, other than the
 * failing one:
 *
 * <ol>
 *   <li>the task definition of a deployment whose rollout COMPLETED, in the order ECS lists them
 *       (PRIMARY first, then the older ones, newest first): during a failing or stuck rollout that
 *       is the release being replaced;
 *   <li>then a revision known from elsewhere to have reached a steady state ({@link
 *       SteadyRevision}, newest first).
 * </ol>
 *
 * Never the failing revision itself, never a revision that any listed deployment FAILED with (after
 * a circuit-breaker failure that release is the bad one, even if another deployment of it once
 * completed), never a revision known to be INACTIVE, and never "revision − 1": a number says
 * nothing about what ran well. When nothing qualifies there is no target, and a person has to look
 * it up ({@link #lookup}).
 */
public final class RollbackTargets {
  /** How a person finds the target when ecs-medic cannot, for alerts and notes. */
  public static String lookup(String cluster, String service) {
    return "the last revision that reached a steady state: aws ecs describe-services --cluster "
        + cluster
        + " --services "
        + service
        + " --query services[0].deployments";
  }

  private RollbackTargets() {}

  /**
   * @param failing the revision the service runs and that fails (an ARN or {@code family:revision})
   * @param deployments the service's deployments as ECS lists them
   * @param history revisions known to have reached a steady state, newest first
   * @param inactive revisions known to be INACTIVE (deregistered): ECS cannot deploy them
   */
  public static RollbackTarget choose(
      String failing,
      List<ServiceDeployment> deployments,
      List<SteadyRevision> history,
      Set<String> inactive) {
    Set<String> excluded = new HashSet<>();
    excluded.add(name(failing));
    for (ServiceDeployment d : deployments) {
      if (d.failed()) {
        excluded.add(name(d.taskDefinition()));
      }
    }
    Set<String> gone = new HashSet<>();
    inactive.forEach(td -> gone.add(name(td)));
    List<String> skipped = new ArrayList<>();
    for (ServiceDeployment d : deployments) {
      String td = d.taskDefinition();
      if (!d.completed() || td == null || excluded.contains(name(td))) {
        continue;
      }
      if (gone.contains(name(td))) {
        skipped.add(name(td) + " (INACTIVE)");
        continue;
      }
      return RollbackTarget.to(
          td,
          name(td)
              + ": deployment "
              + d.id()
              + " of it completed, the last revision that reached a steady state");
    }
    for (SteadyRevision r : history) {
      String td = r.taskDefinition();
      if (td == null || excluded.contains(name(td))) {
        continue;
      }
      if (gone.contains(name(td))) {
        skipped.add(name(td) + " (INACTIVE)");
        continue;
      }
      return RollbackTarget.to(td, name(td) + ": reached a steady state (" + r.source() + ")");
    }
    return RollbackTarget.none(
        "no revision other than "
            + name(failing)
            + " is known to have reached a steady state"
            + (skipped.isEmpty() ? "" : "; " + String.join(", ", skipped) + " cannot be deployed")
            + (deployments.stream().anyMatch(ServiceDeployment::failed)
                ? "; the revisions of FAILED deployments are never a target"
                : ""));
  }

  /** {@code family:revision} of an ARN or of {@code family:revision}; the text itself otherwise. */
  public static String name(String taskDefinition) {
    if (taskDefinition == null) {
      return "";
    }
    int slash = taskDefinition.lastIndexOf("task-definition/");
    return slash < 0
        ? taskDefinition
        : taskDefinition.substring(slash + "task-definition/".length());
  }
}
