package io.ecsmedic.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.check.CheckResult.Status;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One run of a checker over one subject: the ordered results and what could not be collected. The
 * same report is printed by the CLI, stored in the workflow's enrichment and summarised in alerts,
 * so all three say the same thing.
 *
 * @param checker {@code alb-check}, {@code exec-check} or {@code pull-check}
 * @param category the failure category whose runbook the checker automates
 * @param subject what was checked, e.g. a target-group ARN or {@code cluster/task}
 * @param service the ECS service the subject belongs to, when the checker found it (an alarm names
 *     only a target group, an ExecuteCommand error only a task); null otherwise
 * @param notes evidence that could not be collected (an AccessDenied, a timeout), shown so an
 *     UNKNOWN can be traced to its cause
 */
public record CheckReport(
    String checker,
    Category category,
    String subject,
    Service service,
    List<CheckResult> results,
    List<String> notes) {

  /** A service by cluster and name. */
  public record Service(String cluster, String name) {
    public Service {
      Objects.requireNonNull(cluster, "cluster");
      Objects.requireNonNull(name, "name");
    }
  }

  public CheckReport {
    Objects.requireNonNull(checker, "checker");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(subject, "subject");
    results = List.copyOf(results);
    notes = List.copyOf(notes);
  }

  /** A report that names no service. */
  public CheckReport(
      String checker,
      Category category,
      String subject,
      List<CheckResult> results,
      List<String> notes) {
    this(checker, category, subject, null, results, notes);
  }

  /** FAIL when any step failed, else UNKNOWN when any could not be judged, else PASS. */
  public Status verdict() {
    if (count(Status.FAIL) > 0) {
      return Status.FAIL;
    }
    return count(Status.UNKNOWN) > 0 ? Status.UNKNOWN : Status.PASS;
  }

  public List<CheckResult> failures() {
    return results.stream().filter(r -> r.status() == Status.FAIL).toList();
  }

  public long count(Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /** {@code 2 FAIL, 1 UNKNOWN, 6 PASS}. */
  public String summary() {
    return count(Status.FAIL)
        + " FAIL, "
        + count(Status.UNKNOWN)
        + " UNKNOWN, "
        + count(Status.PASS)
        + " PASS";
  }

  /**
   * The failed steps in checklist order, one short line each, for an alert; at most {@code max}.
   */
  public List<String> failureLines(int max) {
    List<String> lines = new ArrayList<>();
    for (CheckResult r : failures()) {
      if (lines.size() == max) {
        lines.add("… " + (failures().size() - max) + " more: run ecs-medic " + checker);
        break;
      }
      lines.add(r.id() + ": " + r.evidence());
    }
    return lines;
  }

  /**
   * What an alert or a proposal shows: the verdict line ({@code checker subject: summary}), then at
   * most {@code max} failing steps.
   */
  public List<String> alertLines(int max) {
    List<String> lines = new ArrayList<>();
    lines.add(checker + " " + subject + ": " + summary());
    lines.addAll(failureLines(max));
    return lines;
  }

  /** The report as the CLI prints it: one block per step, the fix under each failure. */
  public String text(String runbook) {
    StringBuilder out = new StringBuilder();
    out.append(checker).append(' ').append(subject).append(": ").append(summary()).append('\n');
    for (CheckResult r : results) {
      out.append(String.format("  %-7s %s%n", r.status(), r.step()));
      out.append("          ").append(r.evidence()).append('\n');
      if (r.fix() != null) {
        for (String line : r.fix().split("\n")) {
          out.append("          fix: ").append(line).append('\n');
        }
      }
    }
    for (String note : notes) {
      out.append("  note: ").append(note).append('\n');
    }
    out.append("runbook: ").append(runbook).append('\n');
    return out.toString();
  }

  public ObjectNode toJson() {
    ObjectNode json = Json.MAPPER.valueToTree(this);
    json.put("verdict", verdict().name());
    json.put("summary", summary());
    return json;
  }

  /** Reads what {@link #toJson()} wrote, e.g. from the workflow state. */
  public static CheckReport fromJson(JsonNode json) {
    try {
      return Json.MAPPER.treeToValue(json, CheckReport.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not a check report: " + e.getOriginalMessage(), e);
    }
  }
}
