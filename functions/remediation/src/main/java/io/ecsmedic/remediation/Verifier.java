package io.ecsmedic.remediation;

import io.ecsmedic.workflow.Applied;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.Verification;
import io.ecsmedic.workflow.Verification.Status;
import io.ecsmedic.workflow.WorkflowState;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The Verify step, called in a bounded loop by the state machine. Status:
 *
 * <ul>
 *   <li>{@code STEADY}: the deployment the action started completed (or the changed attribute reads
 *       back as set);
 *   <li>{@code ROLLED_BACK}: the circuit breaker rolled the deployment back. A rollback is not
 *       success: the service is back where it was, and the alert says so;
 *   <li>{@code FAILED}: the deployment failed, or the change did not stick;
 *   <li>{@code IN_PROGRESS}: ask again later; {@code NOT_VERIFIED} after the last attempt.
 * </ul>
 */
final class Verifier {
  private final EcsClient ecs;
  private final ElasticLoadBalancingV2Client elb;
  private final CloudWatchLogsClient logs;
  private final int maxAttempts;

  /**
   * @param maxAttempts after this many checks a deployment still in progress is reported {@code
   *     NOT_VERIFIED}
   */
  Verifier(
      EcsClient ecs, ElasticLoadBalancingV2Client elb, CloudWatchLogsClient logs, int maxAttempts) {
    this.ecs = ecs;
    this.elb = elb;
    this.logs = logs;
    this.maxAttempts = maxAttempts;
  }

  Verification verify(WorkflowState state) {
    RemediationAction action = state.plannedAction().action();
    int attempt = (state.verify() == null ? 0 : state.verify().attempt()) + 1;
    return switch (action) {
      case RemediationAction.SetDeregistrationDelay a -> {
        String value =
            elb
                .describeTargetGroupAttributes(r -> r.targetGroupArn(a.targetGroupArn()))
                .attributes()
                .stream()
                .filter(x -> x.key().equals("deregistration_delay.timeout_seconds"))
                .map(x -> x.value())
                .findFirst()
                .orElse("");
        boolean set = value.equals(Integer.toString(a.to()));
        yield new Verification(
            attempt,
            set ? Status.STEADY : Status.FAILED,
            "deregistration delay reads back as " + value + " s");
      }
      case RemediationAction.CreateLogGroup a -> {
        String name = a.logGroupName();
        boolean exists =
            logs.describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .anyMatch(g -> g.logGroupName().equals(name));
        yield new Verification(
            attempt,
            exists ? Status.STEADY : Status.FAILED,
            "log group " + name + (exists ? " exists" : " is missing"));
      }
      // Each of these updated the service: follow the deployment the update started.
      case RemediationAction.ForceNewDeployment a -> deployment(attempt, a, state.applied());
      case RemediationAction.EnableExecuteCommand a -> deployment(attempt, a, state.applied());
      case RemediationAction.RaiseMemory a -> deployment(attempt, a, state.applied());
      case RemediationAction.SetHealthCheckGracePeriod a -> deployment(attempt, a, state.applied());
      case RemediationAction.EnableCircuitBreakerRollback a ->
          deployment(attempt, a, state.applied());
      case RemediationAction.RollbackTaskDefinition a -> deployment(attempt, a, state.applied());
    };
  }

  /** The service deployment's status; IN_PROGRESS becomes NOT_VERIFIED on the last attempt. */
  private Verification deployment(int attempt, RemediationAction action, Applied applied) {
    Verification v = deploymentStatus(attempt, action, applied);
    return v.status() == Status.IN_PROGRESS && attempt >= maxAttempts
        ? new Verification(attempt, Status.NOT_VERIFIED, v.detail())
        : v;
  }

  private Verification deploymentStatus(int attempt, RemediationAction action, Applied applied) {
    Service s = Enricher.describeService(ecs, action.cluster(), action.service());
    if (s == null) {
      return new Verification(attempt, Status.FAILED, "the service disappeared");
    }
    String id = applied == null || applied.deploymentId() == null ? "" : applied.deploymentId();
    Deployment ours =
        s.deployments().stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    Deployment primary = Enricher.primary(s);
    if (ours == null || primary == null) {
      return new Verification(attempt, Status.FAILED, "deployment " + id + " is gone");
    }
    String reason = ours.rolloutStateReason() == null ? "" : ours.rolloutStateReason();
    if (!primary.id().equals(id)
        || reason.toLowerCase(java.util.Locale.ROOT).contains("rolled back")
        || Enricher.rollingBack(s)) {
      return new Verification(
          attempt,
          Status.ROLLED_BACK,
          "the deployment was rolled back: "
              + (reason.isEmpty() ? primary.taskDefinition() : reason));
    }
    return switch (ours.rolloutStateAsString()) {
      case "COMPLETED" ->
          new Verification(
              attempt,
              Status.STEADY,
              "deployment " + id + " completed: " + ours.runningCount() + " tasks running");
      case "FAILED" ->
          new Verification(attempt, Status.FAILED, "deployment " + id + " failed: " + reason);
      default ->
          new Verification(
              attempt,
              Status.IN_PROGRESS,
              "deployment "
                  + id
                  + ": "
                  + ours.runningCount()
                  + " of "
                  + ours.desiredCount()
                  + " tasks running");
    };
  }
}
