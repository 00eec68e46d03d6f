package io.ecsmedic.aws.posture;

import io.ecsmedic.posture.PostureFacts;
import io.ecsmedic.posture.PostureFacts.CircuitBreaker;
import io.ecsmedic.posture.PostureFacts.Container;
import io.ecsmedic.posture.PostureFacts.ProviderShare;
import io.ecsmedic.posture.PostureFacts.TargetGroup;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** Turns what ECS, ELBv2 and IAM answered for one service into {@link PostureFacts}. */
final class ServiceFacts {
  private ServiceFacts() {}

  /** A service whose description could not be read: every rule says UNKNOWN. */
  static PostureFacts unread(String cluster, String service) {
    return new PostureFacts(
        cluster, service, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  /**
   * @param notes receives the failed reads this service's facts depend on
   */
  static PostureFacts of(
      String cluster,
      Service s,
      PostureCollector.Reads reads,
      String accountMode,
      List<String> notes) {
    DeploymentConfiguration dc = s.deploymentConfiguration();
    TaskDefinition td = reads.taskDefinitions.get(s.taskDefinition());
    noteFailure(reads, s.taskDefinition(), notes);
    List<TargetGroup> targetGroups =
        s.loadBalancers().stream()
            .filter(lb -> lb.targetGroupArn() != null)
            .map(lb -> lb.targetGroupArn())
            .distinct()
            .map(
                arn -> {
                  noteFailure(reads, arn, notes);
                  return new TargetGroup(arn, reads.deregistrationDelays.get(arn), null);
                })
            .toList();
    Map<String, PostureFacts.Role> roles = new HashMap<>();
    if (td != null) {
      for (String role : new String[] {td.taskRoleArn(), td.executionRoleArn()}) {
        if (role != null && reads.roles.containsKey(role)) {
          roles.put(role, reads.roles.get(role));
          noteFailure(reads, role, notes);
        }
      }
    }
    return new PostureFacts(
        cluster,
        s.serviceName(),
        tags(s.tags()),
        s.launchTypeAsString(),
        s.capacityProviderStrategy().stream()
            .map(
                p ->
                    new ProviderShare(
                        p.capacityProvider(),
                        p.base() == null ? 0 : p.base(),
                        p.weight() == null ? 0 : p.weight()))
            .toList(),
        s.platformVersion(),
        s.desiredCount(),
        dc == null ? null : dc.minimumHealthyPercent(),
        dc == null ? null : dc.maximumPercent(),
        dc == null
            ? null
            : dc.deploymentCircuitBreaker() == null
                ? CircuitBreaker.OFF
                : new CircuitBreaker(
                    dc.deploymentCircuitBreaker().enable(),
                    dc.deploymentCircuitBreaker().rollback()),
        s.healthCheckGracePeriodSeconds() == null ? 0 : s.healthCheckGracePeriodSeconds(),
        targetGroups,
        s.enableExecuteCommand(),
        td == null ? null : taskDefinition(td),
        accountMode,
        roles);
  }

  private static void noteFailure(PostureCollector.Reads reads, String arn, List<String> notes) {
    String failure = arn == null ? null : reads.failures.get(arn);
    if (failure != null) {
      notes.add(failure);
    }
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Tag t : tags) {
      out.put(t.key(), t.value() == null ? "" : t.value());
    }
    return out;
  }

  static PostureFacts.TaskDefinition taskDefinition(TaskDefinition td) {
    return new PostureFacts.TaskDefinition(
        td.taskDefinitionArn(),
        td.requiresCompatibilitiesAsStrings(),
        number(td.cpu()),
        number(td.memory()),
        td.taskRoleArn(),
        td.executionRoleArn(),
        td.pidModeAsString() == null ? "" : td.pidModeAsString(),
        td.containerDefinitions().stream().map(ServiceFacts::container).toList());
  }

  private static Container container(ContainerDefinition c) {
    Map<String, String> dependsOn = new LinkedHashMap<>();
    for (ContainerDependency d : c.dependsOn()) {
      dependsOn.put(d.containerName(), d.conditionAsString());
    }
    return new Container(
        c.name(),
        c.essential() == null || c.essential(),
        c.image(),
        c.logConfiguration() == null ? null : c.logConfiguration().logDriverAsString(),
        c.logConfiguration() == null ? null : c.logConfiguration().options().get("mode"),
        c.healthCheck() != null,
        dependsOn,
        c.startTimeout(),
        c.stopTimeout(),
        c.environment().stream().map(KeyValuePair::name).toList(),
        c.readonlyRootFilesystem());
  }

  private static Integer number(String s) {
    try {
      return s == null || s.isBlank() ? null : Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
