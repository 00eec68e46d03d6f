package io.ecsmedic.remediation;

import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.CheckResult;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Mode;
import io.ecsmedic.model.Risk;
import io.ecsmedic.plan.FargateSizes;
import io.ecsmedic.workflow.Enrichment;
import io.ecsmedic.workflow.Plan;
import io.ecsmedic.workflow.Plan.Decision;
import io.ecsmedic.workflow.PlannedAction;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.WorkflowFinding;
import io.ecsmedic.workflow.WorkflowState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Plan step: turns the finding's proposed actions (in the classifier's order of preference)
 * into at most one concrete action with its parameters, read from the live state, and decides how
 * it may go ahead (docs/remediation.md, "Safety model").
 *
 * <p>One action per incident, on purpose: one change, then verify it, is what an operator can
 * reason about at 3 a.m. The other proposals are listed as alternatives for a human.
 *
 * <p>Decisions: {@code NOTHING_TO_APPLY} (no proposal applies to the live state, e.g. the service
 * is gone or already configured), {@code OBSERVE}, {@code AUTO} (AUTO mode, a LOW-risk action in
 * AUTO_ACTIONS, on a cluster in AUTO_CLUSTERS) or {@code NEEDS_APPROVAL}.
 */
final class Planner {
  static final int TARGET_DEREGISTRATION_DELAY = 30;
  static final int MIN_GRACE_PERIOD = 120;
  static final int MAX_GRACE_PERIOD = 1800;

  private final RemediationSettings settings;

  Planner(RemediationSettings settings) {
    this.settings = settings;
  }

  Plan plan(WorkflowState state) {
    WorkflowFinding finding = state.finding();
    Enrichment live = state.enrichment();
    boolean found = live != null && live.found();
    String cluster = finding.cluster();
    Mode mode = state.mode();
    List<String> alternatives = new ArrayList<>();
    PlannedAction chosen = null;
    for (WorkflowFinding.Proposal proposal : finding.actions()) {
      ActionType type = type(proposal);
      Optional<PlannedAction> concrete =
          type == null || !settings.allowedActions().contains(type) || !found
              ? Optional.empty()
              : concrete(type, cluster, finding.service(), live);
      if (chosen == null && concrete.isPresent()) {
        chosen = concrete.get();
      } else {
        alternatives.add(proposal.title());
      }
    }
    if (chosen == null) {
      return new Plan(
          Decision.NOTHING_TO_APPLY,
          found
              ? "no proposed action applies to the live service (already in that state, or not one ecs-medic applies)"
              : "the service no longer exists",
          alternatives,
          null,
          null);
    }
    long interval = settings.verifyInterval().toSeconds();
    ActionType type = chosen.type();
    if (!mode.mayPropose()) {
      return new Plan(
          Decision.OBSERVE, "mode " + mode + ": notify only", alternatives, chosen, interval);
    }
    if (mode.mayApplyAlone()
        && type.risk() == Risk.LOW
        && settings.autoActions().contains(type)
        && settings.autoAllowedOn(cluster)) {
      return new Plan(
          Decision.AUTO,
          "AUTO: low-risk, allow-listed action on an allow-listed cluster",
          alternatives,
          chosen,
          interval);
    }
    String why =
        !mode.mayApplyAlone()
            ? "mode " + mode + ": a human approves every change"
            : type.risk() != Risk.LOW
                ? type + " is " + type.risk() + " risk: AUTO applies only LOW-risk actions"
                : !settings.autoActions().contains(type)
                    ? type + " is not in AUTO_ACTIONS"
                    : "cluster " + cluster + " is not in AUTO_CLUSTERS";
    return new Plan(Decision.NEEDS_APPROVAL, why, alternatives, chosen, interval);
  }

  /**
   * exec-check failed {@code exec.enabled} on a service that has the flag: the task started before
   * ECS Exec was enabled, and only new tasks get it.
   */
  static boolean taskPredatesExec(Enrichment live) {
    CheckReport check = live.check();
    if (check == null || !check.checker().equals("exec-check")) {
      return false;
    }
    for (CheckResult step : check.results()) {
      if (step.id().equals("exec.enabled")) {
        return step.status() == CheckResult.Status.FAIL;
      }
    }
    return false;
  }

  private static ActionType type(WorkflowFinding.Proposal proposal) {
    try {
      ActionType t = ActionType.valueOf(String.valueOf(proposal.type()));
      return t.automatable() ? t : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The action with its parameters, or empty when it does not apply to the live state. */
  static Optional<PlannedAction> concrete(
      ActionType type, String cluster, String service, Enrichment live) {
    Enrichment.ServiceState svc = live.service();
    Enrichment.TaskDefinitionState td = live.taskDefinition();
    return switch (type) {
      case FORCE_NEW_DEPLOYMENT ->
          planned(
              new RemediationAction.ForceNewDeployment(cluster, service),
              "nothing to undo: the tasks are replaced with the same task definition");
      case ENABLE_EXECUTE_COMMAND -> {
        RemediationAction action = new RemediationAction.EnableExecuteCommand(cluster, service);
        if (!svc.enableExecuteCommand()) {
          yield planned(action, cli(cluster, service, "--disable-execute-command"));
        }
        // The same call (flag on, new deployment) replaces the tasks that started without it.
        yield taskPredatesExec(live)
            ? planned(
                action,
                "nothing to undo: ECS Exec was already on; the tasks are replaced with the same task definition")
            : Optional.empty();
      }
      case RAISE_MEMORY -> raiseMemory(cluster, service, td);
      case SET_DEREGISTRATION_DELAY -> {
        Optional<Enrichment.TargetGroupState> group =
            live.targetGroups().stream()
                .filter(
                    g ->
                        g.deregistrationDelaySeconds() != null
                            && g.deregistrationDelaySeconds() > TARGET_DEREGISTRATION_DELAY)
                .findFirst();
        yield group.flatMap(
            g ->
                planned(
                    new RemediationAction.SetDeregistrationDelay(
                        cluster,
                        service,
                        g.arn(),
                        g.deregistrationDelaySeconds(),
                        TARGET_DEREGISTRATION_DELAY),
                    "aws elbv2 modify-target-group-attributes --target-group-arn "
                        + g.arn()
                        + " --attributes Key=deregistration_delay.timeout_seconds,Value="
                        + g.deregistrationDelaySeconds()));
      }
      case SET_HEALTH_CHECK_GRACE_PERIOD -> {
        int from = svc.healthCheckGracePeriodSeconds();
        if (svc.loadBalancers().isEmpty() || from >= MIN_GRACE_PERIOD) {
          yield Optional.empty();
        }
        yield planned(
            new RemediationAction.SetHealthCheckGracePeriod(
                cluster,
                service,
                from,
                Math.min(Math.max(MIN_GRACE_PERIOD, 2 * from), MAX_GRACE_PERIOD)),
            cli(cluster, service, "--health-check-grace-period-seconds " + from));
      }
      case ENABLE_CIRCUIT_BREAKER_ROLLBACK -> {
        Enrichment.CircuitBreaker breaker = svc.circuitBreaker();
        if (breaker.enable() && breaker.rollback()) {
          yield Optional.empty();
        }
        yield planned(
            new RemediationAction.EnableCircuitBreakerRollback(cluster, service),
            cli(
                cluster,
                service,
                "--deployment-configuration 'deploymentCircuitBreaker={enable="
                    + breaker.enable()
                    + ",rollback="
                    + breaker.rollback()
                    + "}'"));
      }
      case ROLLBACK_TASK_DEFINITION -> {
        String previous = live.previousTaskDefinition();
        if (previous == null || previous.isEmpty()) {
          yield Optional.empty();
        }
        yield planned(
            new RemediationAction.RollbackTaskDefinition(
                cluster, service, svc.taskDefinition(), previous),
            cli(cluster, service, "--task-definition " + svc.taskDefinition()));
      }
      case CREATE_LOG_GROUP ->
          live.logGroups().stream()
              .filter(g -> !g.exists())
              .findFirst()
              .flatMap(
                  g ->
                      planned(
                          new RemediationAction.CreateLogGroup(cluster, service, g.name()),
                          "aws logs delete-log-group --log-group-name "
                              + g.name()
                              + " (only while it is empty)"));
      // Never applied by this workflow: ECR housekeeping has its own, MANUAL is for a human.
      case ECR_PUT_LIFECYCLE_POLICY, ECR_DELETE_IMAGES, MANUAL -> Optional.empty();
    };
  }

  /** The next valid Fargate size of the running task definition, when there is one. */
  private static Optional<PlannedAction> raiseMemory(
      String cluster, String service, Enrichment.TaskDefinitionState td) {
    if (td == null || !td.fargate()) {
      return Optional.empty();
    }
    int cpu;
    int memory;
    try {
      cpu = Integer.parseInt(String.valueOf(td.cpu()));
      memory = Integer.parseInt(String.valueOf(td.memory()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return FargateSizes.nextMemoryStep(cpu, memory)
        .flatMap(
            next ->
                planned(
                    new RemediationAction.RaiseMemory(
                        cluster, service, td.arn(), cpu, memory, next.cpu(), next.memoryMiB()),
                    cli(cluster, service, "--task-definition " + td.arn())));
  }

  private static Optional<PlannedAction> planned(RemediationAction action, String undo) {
    return Optional.of(new PlannedAction(action, undo));
  }

  private static String cli(String cluster, String service, String args) {
    return "aws ecs update-service --cluster " + cluster + " --service " + service + " " + args;
  }
}
