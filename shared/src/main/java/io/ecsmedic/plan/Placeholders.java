package io.ecsmedic.plan;

import io.ecsmedic.model.ResourceRef;

/**
 * Fills {name} placeholders in signature summaries, fixes and snippets with what the input names.
 * In prose an unknown value reads naturally ("the service"); in commands it becomes a shell
 * variable ($SERVICE) the runbooks tell the reader to set, so a command is always copy-pasteable.
 *
 * <p>Only values made of the characters AWS names and ARNs use are filled in: anything else (a
 * hostile or garbled event) is treated as unknown, so no copied command can carry shell syntax.
 */
public final class Placeholders {
  private final ResourceRef r;
  private final Integer exitCode;

  private Placeholders(ResourceRef r, Integer exitCode) {
    this.r = r;
    this.exitCode = exitCode;
  }

  public static Placeholders of(ResourceRef r, Integer exitCode) {
    return new Placeholders(r, exitCode);
  }

  /** For sentences: unknown values become "the service", "the container", ... */
  public String prose(String template) {
    if (template != null && value("service") == null && template.startsWith("{service}: ")) {
      template = template.substring("{service}: ".length());
      template = Character.toUpperCase(template.charAt(0)) + template.substring(1);
    }
    return fill(template, true);
  }

  /** For commands and snippets: unknown values become $SERVICE, $CLUSTER, ... */
  public String command(String template) {
    return fill(template, false);
  }

  /** The safe value of a placeholder, or null when the input does not name it (or not safely). */
  public String value(String name) {
    // Computed by ecs-medic from numbers, never from the input's text: no shell syntax can reach
    // it.
    if (name.equals("exitMeaning")) {
      return exitCode == null ? null : ExitCodes.meaning(exitCode);
    }
    if (name.equals("fargateNearest")) {
      return nearestFargateSize();
    }
    String v =
        switch (name) {
          case "account" -> r.account();
          case "region" -> r.region();
          case "cluster" -> r.cluster();
          case "service" -> r.service();
          case "task" -> r.task();
          case "taskDefinition" -> r.taskDefinition();
          case "family" -> familyOf(r.taskDefinition());
          case "container" -> r.container();
          case "exitCode" -> exitCode == null ? null : exitCode.toString();
          case "targetGroup" -> r.targetGroup();
          case "targetGroupName" -> targetGroupName(r.targetGroup());
          case "loadBalancer" -> r.loadBalancer();
          case "cpu" -> r.cpu();
          case "memory" -> r.memory();
          default -> null;
        };
    return v != null && isSafe(v) ? v : null;
  }

  /**
   * An unknown value the input still says how to find: the command that prints it, as a shell
   * substitution of known, safe values ({@link #isSafe}), so the fix stays one paste. Null when the
   * input does not say enough.
   */
  private String lookup(String name) {
    String cluster = value("cluster");
    return switch (name) {
      case "service" -> {
        String task = value("task");
        yield cluster == null || task == null
            ? null
            : "\"$(aws ecs describe-tasks --cluster "
                + cluster
                + " --tasks "
                + task
                + " --query 'tasks[0].group' --output text | cut -d: -f2)\"";
      }
      case "targetGroup" -> {
        String service = value("service");
        yield cluster == null || service == null
            ? null
            : "\"$(aws ecs describe-services --cluster "
                + cluster
                + " --services "
                + service
                + " --query 'services[0].loadBalancers[0].targetGroupArn' --output text)\"";
      }
      default -> null;
    };
  }

  /** What an unknown placeholder reads as, or null when the name is not a placeholder. */
  private static String unknown(String name, boolean prose) {
    return switch (name) {
      case "account" -> prose ? "the account" : "$ACCOUNT_ID";
      case "region" -> prose ? "the region" : "$REGION";
      case "cluster" -> prose ? "the cluster" : "$CLUSTER";
      case "service" -> prose ? "the service" : "$SERVICE";
      case "task" -> prose ? "the task" : "$TASK";
      case "taskDefinition" -> prose ? "the task definition" : "$TASK_DEF";
      case "family" -> prose ? "the task family" : "$FAMILY";
      // Summaries say "container {container}": an unknown name leaves just "container".
      case "container" -> prose ? "" : "$CONTAINER";
      case "exitCode" -> prose ? "a non-zero code" : "$EXIT_CODE";
      case "exitMeaning" -> prose ? "see the application's logs" : "$EXIT_MEANING";
      case "fargateNearest" ->
          prose ? "the nearest valid pair in the table below" : "--cpu $CPU --memory $MEMORY";
      case "targetGroup" -> prose ? "the target group" : "$TG_ARN";
      case "targetGroupName" -> prose ? "the target group" : "$TG_NAME";
      case "loadBalancer" -> prose ? "the load balancer" : "$LB_ARN";
      case "cpu" -> prose ? "its CPU" : "$CPU";
      case "memory" -> prose ? "its memory" : "$MEMORY";
      default -> null;
    };
  }

  private String fill(String template, boolean prose) {
    if (template == null || template.indexOf('{') < 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 32);
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      int close = open < 0 ? -1 : template.indexOf('}', open);
      if (close < 0) {
        out.append(template, i, template.length());
        break;
      }
      String name = template.substring(open + 1, close);
      String replacement = value(name);
      if (replacement == null && !prose) {
        replacement = lookup(name);
      }
      if (replacement == null) {
        replacement = unknown(name, prose);
      }
      out.append(template, i, open);
      if (replacement == null) { // not a placeholder, e.g. JSON in a snippet: keep the brace
        out.append('{');
        i = open + 1;
        continue;
      }
      out.append(replacement);
      i = close + 1;
    }
    return prose ? out.toString().replace("  ", " ") : out.toString();
  }

  /**
   * "cpu 1024 with 8192 MiB (asked: cpu 512 with 8192 MiB)" from the input's own values, or null.
   */
  private String nearestFargateSize() {
    Integer cpu = number("cpu");
    Integer memory = number("memory");
    if (cpu == null || memory == null) {
      return null;
    }
    FargateSizes.Size size = FargateSizes.nearest(cpu, memory);
    return "cpu "
        + size.cpu()
        + " with "
        + size.memoryMiB()
        + " MiB (asked: cpu "
        + cpu
        + " with "
        + memory
        + " MiB)";
  }

  /**
   * A placeholder's value as a whole number (cpu units, memory MiB), or null when the input does
   * not name it or it is not a plain number of at most seven digits.
   */
  public Integer number(String name) {
    String v = value(name);
    if (v == null || v.isEmpty() || v.length() > 7 || !v.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Integer.parseInt(v);
  }

  /** {@code ...:targetgroup/web/0123} → {@code web}. */
  static String targetGroupName(String targetGroup) {
    if (targetGroup == null) {
      return null;
    }
    int at = targetGroup.indexOf("targetgroup/");
    if (at < 0) {
      return targetGroup;
    }
    String rest = targetGroup.substring(at + "targetgroup/".length());
    int slash = rest.indexOf('/');
    return slash > 0 ? rest.substring(0, slash) : rest;
  }

  static String familyOf(String taskDefinition) {
    if (taskDefinition == null) {
      return null;
    }
    int colon = taskDefinition.lastIndexOf(':');
    return colon > 0 ? taskDefinition.substring(0, colon) : taskDefinition;
  }

  private static boolean isSafe(String v) {
    if (v.isEmpty() || v.length() > 512) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "_.:/@+=-".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
