package io.ecsmedic.change;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The differences between the revision that last ran healthy and the failing one, in the order a
 * person reads them: containers added or removed, then per container image, command, entry point,
 * environment names, secret references, size, health check, ports and log configuration, then the
 * task's size and roles. Pure: the collector in {@code aws} reads both revisions.
 */
public final class TaskDefinitionDiff {
  private TaskDefinitionDiff() {}

  /** What changed from {@code healthy} to {@code failing}; empty when nothing this compares did. */
  public static List<Change> between(TaskDefinitionShape healthy, TaskDefinitionShape failing) {
    List<Change> changes = new ArrayList<>();
    Map<String, ContainerShape> before = byName(healthy.containers());
    Map<String, ContainerShape> after = byName(failing.containers());
    for (String name : before.keySet()) {
      if (!after.containsKey(name)) {
        changes.add(new Change("container", null, name, null));
      }
    }
    for (ContainerShape c : after.values()) {
      ContainerShape old = before.get(c.name());
      if (old == null) {
        changes.add(new Change("container", null, null, c.name()));
      } else {
        containers(old, c, changes);
      }
    }
    task("cpu", healthy.cpu(), failing.cpu(), changes);
    task("memory", healthy.memory(), failing.memory(), changes);
    task("taskRole", healthy.taskRoleArn(), failing.taskRoleArn(), changes);
    task("executionRole", healthy.executionRoleArn(), failing.executionRoleArn(), changes);
    return List.copyOf(changes);
  }

  private static void containers(ContainerShape a, ContainerShape b, List<Change> out) {
    String c = b.name();
    field("image", c, a.image(), b.image(), out);
    field("command", c, joined(a.command()), joined(b.command()), out);
    field("entryPoint", c, joined(a.entryPoint()), joined(b.entryPoint()), out);
    for (String name : a.environmentNames()) {
      if (!b.environmentNames().contains(name)) {
        out.add(new Change("env", c, name, null));
      }
    }
    for (String name : b.environmentNames()) {
      if (!a.environmentNames().contains(name)) {
        out.add(new Change("env", c, null, name));
      }
    }
    Set<String> secretNames = new TreeSet<>(a.secrets().keySet());
    secretNames.addAll(b.secrets().keySet());
    for (String name : secretNames) {
      String was = a.secrets().get(name);
      String is = b.secrets().get(name);
      if (!Objects.equals(was, is)) {
        out.add(
            new Change(
                "secret",
                c,
                was == null ? null : name + "=" + was,
                is == null ? null : name + "=" + is));
      }
    }
    field("cpu", c, text(a.cpu()), text(b.cpu()), out);
    field("memory", c, text(a.memory()), text(b.memory()), out);
    field("memoryReservation", c, text(a.memoryReservation()), text(b.memoryReservation()), out);
    field("healthCheck", c, a.healthCheck(), b.healthCheck(), out);
    field("ports", c, joinedComma(a.ports()), joinedComma(b.ports()), out);
    field("logConfiguration", c, a.logConfiguration(), b.logConfiguration(), out);
  }

  private static void task(String what, String before, String after, List<Change> out) {
    field(what, null, before, after, out);
  }

  private static void field(
      String what, String container, String before, String after, List<Change> out) {
    if (!Objects.equals(before, after)) {
      out.add(new Change(what, container, before, after));
    }
  }

  private static Map<String, ContainerShape> byName(List<ContainerShape> containers) {
    Map<String, ContainerShape> m = new LinkedHashMap<>();
    containers.forEach(c -> m.put(c.name(), c));
    return m;
  }

  private static String joined(List<String> parts) {
    return parts.isEmpty() ? null : String.join(" ", parts);
  }

  private static String joinedComma(List<String> parts) {
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  private static String text(Integer n) {
    return n == null ? null : n.toString();
  }
}
