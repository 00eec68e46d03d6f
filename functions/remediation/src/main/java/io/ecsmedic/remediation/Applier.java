package io.ecsmedic.remediation;

import io.ecsmedic.workflow.Applied;
import io.ecsmedic.workflow.RemediationAction;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The Apply step: exactly the planned action, with the planned parameters, and nothing else. Each
 * API call is listed in the result (and so in the audit record); a service update returns the id of
 * the deployment it started, which Verify follows.
 */
final class Applier {
  private final EcsClient ecs;
  private final ElasticLoadBalancingV2Client elb;
  private final CloudWatchLogsClient logs;

  Applier(EcsClient ecs, ElasticLoadBalancingV2Client elb, CloudWatchLogsClient logs) {
    this.ecs = ecs;
    this.elb = elb;
    this.logs = logs;
  }

  Applied apply(RemediationAction action) {
    String cluster = action.cluster();
    String service = action.service();
    List<String> calls = new ArrayList<>();
    String[] newTaskDefinition = {null};
    Service updated =
        switch (action) {
          case RemediationAction.ForceNewDeployment a -> {
            calls.add("ecs:UpdateService forceNewDeployment=true");
            yield ecs.updateService(
                    r -> r.cluster(cluster).service(service).forceNewDeployment(true))
                .service();
          }
          case RemediationAction.EnableExecuteCommand a -> {
            calls.add("ecs:UpdateService enableExecuteCommand=true forceNewDeployment=true");
            yield ecs.updateService(
                    r ->
                        r.cluster(cluster)
                            .service(service)
                            .enableExecuteCommand(true)
                            .forceNewDeployment(true))
                .service();
          }
          case RemediationAction.RaiseMemory a -> {
            String arn = raiseMemory(a);
            newTaskDefinition[0] = arn;
            calls.add("ecs:RegisterTaskDefinition memory=" + a.toMemory() + " cpu=" + a.toCpu());
            calls.add("ecs:UpdateService taskDefinition=" + arn);
            yield ecs.updateService(r -> r.cluster(cluster).service(service).taskDefinition(arn))
                .service();
          }
          case RemediationAction.SetHealthCheckGracePeriod a -> {
            calls.add("ecs:UpdateService healthCheckGracePeriodSeconds=" + a.to());
            yield ecs.updateService(
                    r -> r.cluster(cluster).service(service).healthCheckGracePeriodSeconds(a.to()))
                .service();
          }
          case RemediationAction.EnableCircuitBreakerRollback a -> {
            calls.add("ecs:UpdateService deploymentCircuitBreaker={enable=true,rollback=true}");
            yield ecs.updateService(
                    r ->
                        r.cluster(cluster)
                            .service(service)
                            .deploymentConfiguration(
                                c ->
                                    c.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))))
                .service();
          }
          case RemediationAction.RollbackTaskDefinition a -> {
            calls.add("ecs:UpdateService taskDefinition=" + a.to());
            yield ecs.updateService(r -> r.cluster(cluster).service(service).taskDefinition(a.to()))
                .service();
          }
          case RemediationAction.SetDeregistrationDelay a -> {
            String to = Integer.toString(a.to());
            calls.add(
                "elasticloadbalancing:ModifyTargetGroupAttributes deregistration_delay.timeout_seconds="
                    + to);
            elb.modifyTargetGroupAttributes(
                r ->
                    r.targetGroupArn(a.targetGroupArn())
                        .attributes(b -> b.key("deregistration_delay.timeout_seconds").value(to)));
            yield null;
          }
          case RemediationAction.CreateLogGroup a -> {
            calls.add("logs:CreateLogGroup " + a.logGroupName());
            logs.createLogGroup(r -> r.logGroupName(a.logGroupName()));
            yield null;
          }
        };
    if (updated == null) {
      return new Applied(action.type().name(), calls, null, null, null);
    }
    var primary = Enricher.primary(updated);
    return new Applied(
        action.type().name(),
        calls,
        newTaskDefinition[0],
        primary == null ? null : primary.id(),
        updated.taskDefinition());
  }

  /**
   * A container-level hard limit ({@code memory}) would still OOM-kill below the new task size, so
   * each is raised by the same amount, as long as their sum stays within the task; otherwise they
   * are left alone (the proposal's snippet says what to change by hand).
   */
  private static ContainerDefinition[] raisedHardLimits(
      TaskDefinition td, int added, int taskMemory) {
    int sum =
        td.containerDefinitions().stream()
            .filter(c -> c.memory() != null)
            .mapToInt(c -> c.memory() + added)
            .sum();
    return td.containerDefinitions().stream()
        .map(
            c ->
                c.memory() == null || sum > taskMemory
                    ? c
                    : c.toBuilder().memory(c.memory() + added).build())
        .toArray(ContainerDefinition[]::new);
  }

  /**
   * A new revision of the planned task definition with the next valid Fargate size, carrying the
   * task and execution roles of the revision the service runs ({@link RolesKept}).
   */
  private String raiseMemory(RemediationAction.RaiseMemory p) {
    TaskDefinition td =
        ecs.describeTaskDefinition(r -> r.taskDefinition(p.taskDefinition())).taskDefinition();
    int added = p.toMemory() - p.fromMemory();
    RegisterTaskDefinitionRequest.Builder b =
        RegisterTaskDefinitionRequest.builder()
            .family(td.family())
            .taskRoleArn(td.taskRoleArn())
            .executionRoleArn(td.executionRoleArn())
            .networkMode(td.networkMode())
            .volumes(td.volumes())
            .placementConstraints(td.placementConstraints())
            .requiresCompatibilities(td.requiresCompatibilities())
            .runtimePlatform(td.runtimePlatform())
            .ephemeralStorage(td.ephemeralStorage())
            .pidMode(td.pidMode())
            .ipcMode(td.ipcMode())
            .proxyConfiguration(td.proxyConfiguration())
            .cpu(Integer.toString(p.toCpu()))
            .memory(Integer.toString(p.toMemory()))
            .containerDefinitions(raisedHardLimits(td, added, p.toMemory()));
    RegisterTaskDefinitionRequest next = b.build();
    RolesKept.refusal(replaced(p, td), next)
        .ifPresent(
            reason -> {
              throw new ActionRefused(reason);
            });
    return ecs.registerTaskDefinition(next).taskDefinition().taskDefinitionArn();
  }

  /** The revision the service runs now, which the new one replaces. */
  private TaskDefinition replaced(RemediationAction.RaiseMemory p, TaskDefinition planned) {
    Service live = Enricher.describeService(ecs, p.cluster(), p.service());
    if (live == null) {
      throw new ActionRefused("the service no longer exists");
    }
    return live.taskDefinition().equals(planned.taskDefinitionArn())
        ? planned
        : ecs.describeTaskDefinition(r -> r.taskDefinition(live.taskDefinition())).taskDefinition();
  }
}
