package io.ecsmedic.plan;

import io.ecsmedic.model.ResourceRef;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {name} placeholders in signature summaries, fixes and snippets with what the input names.
 * In prose an unknown value reads naturally ("the service"); in commands it becomes a shell
 * variable ($SERVICE) the runbooks tell the reader to set, so a command is always copy-pasteable.
 */
public final class Placeholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)\\}");
  private static final Map<String, String[]> UNKNOWN =
      Map.ofEntries(
          Map.entry("account", new String[] {"the account", "$ACCOUNT_ID"}),
          Map.entry("region", new String[] {"the region", "$REGION"}),
          Map.entry("cluster", new String[] {"the cluster", "$CLUSTER"}),
          Map.entry("service", new String[] {"the service", "$SERVICE"}),
          Map.entry("task", new String[] {"the task", "$TASK"}),
          Map.entry("taskDefinition", new String[] {"the task definition", "$TASK_DEF"}),
          Map.entry("family", new String[] {"the task family", "$FAMILY"}),
          Map.entry("container", new String[] {"the container", "$CONTAINER"}),
          Map.entry("exitCode", new String[] {"a non-zero code", "$EXIT_CODE"}),
          Map.entry("targetGroup", new String[] {"the target group", "$TG_ARN"}),
          Map.entry("loadBalancer", new String[] {"the load balancer", "$LB_ARN"}),
          Map.entry("cpu", new String[] {"its CPU", "$CPU"}),
          Map.entry("memory", new String[] {"its memory", "$MEMORY"}));

  private final Map<String, String> values;

  private Placeholders(Map<String, String> values) {
    this.values = values;
  }

  public static Placeholders of(ResourceRef r, Integer exitCode) {
    Map<String, String> v = new HashMap<>();
    put(v, "account", r.account());
    put(v, "region", r.region());
    put(v, "cluster", r.cluster());
    put(v, "service", r.service());
    put(v, "task", r.task());
    put(v, "taskDefinition", r.taskDefinition());
    put(v, "family", familyOf(r.taskDefinition()));
    put(v, "container", r.container());
    put(v, "exitCode", exitCode == null ? null : exitCode.toString());
    put(v, "targetGroup", r.targetGroup());
    put(v, "loadBalancer", r.loadBalancer());
    put(v, "cpu", r.cpu());
    put(v, "memory", r.memory());
    return new Placeholders(v);
  }

  /** For sentences: unknown values become "the service", "the container", ... */
  public String prose(String template) {
    if (template != null && !values.containsKey("service") && template.startsWith("{service}: ")) {
      template = template.substring("{service}: ".length());
      template = Character.toUpperCase(template.charAt(0)) + template.substring(1);
    }
    return fill(template, 0);
  }

  /** For commands and snippets: unknown values become $SERVICE, $CLUSTER, ... */
  public String command(String template) {
    return fill(template, 1);
  }

  public String value(String name) {
    return values.get(name);
  }

  private String fill(String template, int style) {
    if (template == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String known = values.get(name);
      String[] fallback = UNKNOWN.get(name);
      String replacement = known != null ? known : fallback != null ? fallback[style] : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String familyOf(String taskDefinition) {
    if (taskDefinition == null) {
      return null;
    }
    int colon = taskDefinition.lastIndexOf(':');
    return colon > 0 ? taskDefinition.substring(0, colon) : taskDefinition;
  }

  /**
   * Only values made of the characters AWS names and ARNs use are filled in: anything else (a
   * hostile or garbled event) is treated as unknown, so no copied command can carry shell syntax.
   */
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_.:/@+=-]{1,512}");

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && SAFE_VALUE.matcher(v).matches()) {
      m.put(k, v);
    }
  }
}
