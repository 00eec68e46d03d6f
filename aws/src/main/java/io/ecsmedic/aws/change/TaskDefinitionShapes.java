package io.ecsmedic.aws.change;

import io.ecsmedic.change.ContainerShape;
import io.ecsmedic.change.TaskDefinitionShape;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * ECS's task definition as the shape the diff compares. Environment values are dropped here, at the
 * boundary: only their names leave this class.
 */
final class TaskDefinitionShapes {
  private TaskDefinitionShapes() {}

  static TaskDefinitionShape of(TaskDefinition td) {
    return new TaskDefinitionShape(
        td.taskDefinitionArn(),
        td.cpu(),
        td.memory(),
        td.taskRoleArn(),
        td.executionRoleArn(),
        td.containerDefinitions().stream().map(TaskDefinitionShapes::container).toList());
  }

  private static ContainerShape container(ContainerDefinition c) {
    TreeMap<String, String> secrets = new TreeMap<>();
    c.secrets().forEach(s -> secrets.put(s.name(), s.valueFrom()));
    return new ContainerShape(
        c.name(),
        c.image(),
        c.command(),
        c.entryPoint(),
        new TreeSet<>(c.environment().stream().map(KeyValuePair::name).toList()),
        secrets,
        c.cpu(),
        c.memory(),
        c.memoryReservation(),
        healthCheck(c.healthCheck()),
        c.portMappings().stream().map(TaskDefinitionShapes::port).toList(),
        log(c.logConfiguration()));
  }

  private static String healthCheck(HealthCheck h) {
    if (h == null) {
      return null;
    }
    return String.join(" ", h.command())
        + "; interval "
        + h.interval()
        + "; timeout "
        + h.timeout()
        + "; retries "
        + h.retries()
        + "; start period "
        + h.startPeriod();
  }

  private static String port(PortMapping p) {
    String protocol = p.protocolAsString() == null ? "tcp" : p.protocolAsString();
    String host =
        p.hostPort() == null || p.hostPort().equals(p.containerPort()) ? "" : "→" + p.hostPort();
    return p.containerPort() + "/" + protocol + host;
  }

  private static String log(LogConfiguration l) {
    if (l == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(l.logDriverAsString());
    new TreeMap<>(l.options()).forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    return b.toString();
  }
}
