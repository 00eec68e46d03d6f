package io.ecsmedic.plan;

import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.ProposedAction;
import io.ecsmedic.rollback.RollbackTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a signature's actions into exact commands for the resources the event names: the static
 * plan made from the event alone. The remediation workflow re-plans from live state before applying
 * anything; these commands are what a human would run.
 */
public final class ActionPlanner {
  /** ALB default is 300 s; 30 s covers a typical drain and stays under the Spot 2-minute notice. */
  static final int DEREGISTRATION_DELAY_SECONDS = 30;

  static final int HEALTH_CHECK_GRACE_SECONDS = 120;

  private ActionPlanner() {}

  /**
   * The typed actions first (in the signature's order), then the MANUAL fix when the signature has
   * one.
   */
  public static List<ProposedAction> plan(
      List<ActionType> types, String fix, String snippet, Placeholders p) {
    List<ProposedAction> out = new ArrayList<>();
    for (ActionType type : types) {
      out.add(render(type, p));
    }
    if (fix != null) {
      out.add(new ProposedAction(ActionType.MANUAL, p.command(fix), null, p.command(snippet)));
    }
    return out;
  }

  static ProposedAction render(ActionType type, Placeholders p) {
    String service = "--cluster " + p.command("{cluster}") + " --service " + p.command("{service}");
    return switch (type) {
      case FORCE_NEW_DEPLOYMENT ->
          new ProposedAction(
              type,
              type.title(),
              "aws ecs update-service " + service + " --force-new-deployment",
              null);
      case ENABLE_EXECUTE_COMMAND ->
          new ProposedAction(
              type,
              type.title(),
              "aws ecs update-service "
                  + service
                  + " --enable-execute-command --force-new-deployment",
              null);
      case RAISE_MEMORY -> raiseMemory(p);
      case SET_DEREGISTRATION_DELAY ->
          new ProposedAction(
              type,
              "Lower the deregistration delay from the 300 s default to "
                  + DEREGISTRATION_DELAY_SECONDS
                  + " s",
              "aws elbv2 modify-target-group-attributes --target-group-arn "
                  + p.command("{targetGroup}")
                  + " --attributes Key=deregistration_delay.timeout_seconds,Value="
                  + DEREGISTRATION_DELAY_SECONDS,
              null);
      case SET_HEALTH_CHECK_GRACE_PERIOD ->
          new ProposedAction(
              type,
              "Give new tasks "
                  + HEALTH_CHECK_GRACE_SECONDS
                  + " s before load-balancer health checks count (set it above the start-up time)",
              "aws ecs update-service "
                  + service
                  + " --health-check-grace-period-seconds "
                  + HEALTH_CHECK_GRACE_SECONDS,
              null);
      case ENABLE_CIRCUIT_BREAKER_ROLLBACK ->
          new ProposedAction(
              type,
              type.title(),
              "aws ecs update-service "
                  + service
                  + " --deployment-configuration"
                  + " \"deploymentCircuitBreaker={enable=true,rollback=true}\"",
              null);
      case ROLLBACK_TASK_DEFINITION ->
          new ProposedAction(
              type,
              type.title(),
              "aws ecs update-service " + service + " --task-definition " + rollbackTarget(p),
              null);
      case CREATE_LOG_GROUP ->
          new ProposedAction(
              type,
              type.title() + " named by awslogs-group in the task definition",
              "aws logs create-log-group --log-group-name $LOG_GROUP"
                  + " && aws logs put-retention-policy --log-group-name $LOG_GROUP"
                  + " --retention-in-days 30",
              null);
      case ECR_PUT_LIFECYCLE_POLICY ->
          new ProposedAction(
              type,
              type.title(),
              "ecs-medic ecr-plan --repository $REPO   # preview, then apply with approval",
              null);
      case ECR_DELETE_IMAGES ->
          new ProposedAction(
              type, type.title(), "ecs-medic ecr-plan --repository $REPO   # report only", null);
      case MANUAL -> throw new IllegalArgumentException("MANUAL actions come from a fix text");
    };
  }

  private static ProposedAction raiseMemory(Placeholders p) {
    Optional<FargateSizes.Size> next = Optional.empty();
    Integer cpu = p.number("cpu");
    Integer memory = p.number("memory");
    if (cpu != null && memory != null) {
      next = FargateSizes.nextMemoryStep(cpu, memory);
    }
    String family = p.command("{family}");
    String register =
        "aws ecs describe-task-definition --task-definition "
            + p.command("{taskDefinition}")
            + " --query taskDefinition | jq '@EDIT@ | {family, taskRoleArn, executionRoleArn,"
            + " networkMode, containerDefinitions, volumes, placementConstraints,"
            + " requiresCompatibilities, runtimePlatform, cpu, memory}"
            + " | with_entries(select(.value != null))' > td.json"
            + " && aws ecs register-task-definition --cli-input-json file://td.json"
            + " && aws ecs update-service --cluster "
            + p.command("{cluster}")
            + " --service "
            + p.command("{service}")
            + " --task-definition "
            + family;
    if (next.isPresent()) {
      FargateSizes.Size size = next.get();
      int delta = size.memoryMiB() - memory;
      String title =
          "Raise task memory from "
              + memory
              + " to "
              + size.memoryMiB()
              + " MiB ("
              + (size.cpu() == cpu ? "cpu " + cpu + " stays" : "cpu " + cpu + " → " + size.cpu())
              + ": a valid Fargate pair); for a JVM also set -XX:MaxRAMPercentage=75";
      String edit = ".cpu = \"" + size.cpu() + "\" | .memory = \"" + size.memoryMiB() + "\"";
      String container = p.value("container");
      if (container != null) {
        // A container's own hard limit must grow too, or it is OOM-killed at the old limit.
        edit +=
            " | .containerDefinitions |= map(if .name == \""
                + container
                + "\" and .memory != null then .memory += "
                + delta
                + " else . end)";
      }
      return new ProposedAction(
          ActionType.RAISE_MEMORY, title, register.replace("@EDIT@", edit), null);
    }
    return new ProposedAction(
        ActionType.RAISE_MEMORY,
        "Raise the container or task memory to the next valid Fargate size (see docs/runbooks/OOM.md"
            + " for the table); for a JVM also set -XX:MaxRAMPercentage=75",
        register.replace("@EDIT@", ".memory = \"$NEW_MEMORY\""),
        null);
  }

  /**
   * The event never says which revision last reached a steady state (the revision before the
   * failing one may never have run, or may have failed too), so the command names what a person
   * must look up and how. Quoted, so a paste without editing fails in the AWS CLI instead of
   * redirecting the shell. The remediation workflow reads the target from the account ({@link
   * RollbackTargets}).
   */
  private static String rollbackTarget(Placeholders p) {
    return "'<" + RollbackTargets.lookup(p.command("{cluster}"), p.command("{service}")) + ">'";
  }
}
