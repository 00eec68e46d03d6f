package io.ecsmedic.notify;

import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.model.Evidence;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ProposedAction;
import java.util.List;

/**
 * The plain-text alert for email and chat: headline, cause, evidence, the fix with its command, the
 * runbook, and how many repeats it stands for. Short and specific, built only from the diagnosis
 * (never from the raw event, which can carry environment values).
 */
public final class AlertText {
  private static final int MAX_EVIDENCE = 3;

  private AlertText() {}

  /**
   * One line: "OOM / CONTAINER_LIMIT in orders-api (prod)"; a low-confidence guess reads "likely
   * IMAGE_PULL / OTHER in …" and pages all the same.
   */
  public static String headline(Finding f) {
    String where =
        f.resource().service() != null
            ? " in " + f.resource().service() + cluster(f)
            : f.resource().cluster() != null ? " in cluster " + f.resource().cluster() : "";
    return (f.isGuess() ? "likely " : "") + f.category() + " / " + f.subcause() + where;
  }

  /**
   * The body.
   *
   * @param incidentId the incident this alert opens
   * @param repeatsFolded repeats of the same fingerprint since the previous alert (0 for the first)
   */
  public static String body(Finding f, String incidentId, long repeatsFolded) {
    return body(f, incidentId, repeatsFolded, List.of());
  }

  /**
   * The body with the deep check's result after the fix.
   *
   * @param checked the checker's verdict line then its failing steps; empty when none ran
   */
  public static String body(
      Finding f, String incidentId, long repeatsFolded, List<String> checked) {
    StringBuilder b = new StringBuilder();
    b.append(headline(f)).append('\n');
    b.append(f.summary()).append("\n\n");
    if (!f.evidence().isEmpty()) {
      b.append("Why:\n");
      f.evidence().stream()
          .limit(MAX_EVIDENCE)
          .forEach(e -> b.append("  ").append(evidence(e)).append('\n'));
      b.append('\n');
    }
    if (!f.actions().isEmpty()) {
      b.append("Fix:\n");
      for (ProposedAction a : f.actions()) {
        b.append("  - ").append(a.title());
        if (a.type().automatable()) {
          b.append(" [").append(a.type()).append(", risk ").append(a.risk()).append(']');
        }
        b.append('\n');
        if (a.command() != null) {
          b.append("    $ ").append(a.command()).append('\n');
        }
      }
      b.append('\n');
    }
    if (!checked.isEmpty()) {
      b.append("Checked: ").append(checked.getFirst()).append('\n');
      checked
          .subList(1, checked.size())
          .forEach(line -> b.append("  - ").append(line).append('\n'));
      b.append('\n');
    }
    b.append("Runbook: ").append(f.runbook()).append('\n');
    if (repeatsFolded > 0) {
      b.append("Repeats: ")
          .append(repeatsFolded)
          .append(" more since the previous alert of this incident\n");
    }
    b.append("Incident: ").append(incidentId);
    if (f.resource().account() != null) {
      b.append(" · account ").append(f.resource().account());
    }
    if (f.resource().region() != null) {
      b.append(" · ").append(f.resource().region());
    }
    if (f.eventId() != null) {
      b.append(" · event ").append(f.eventId());
    }
    b.append('\n');
    // Summaries and evidence are sanitised when the finding is made; titles and commands come from
    // the catalogue with only AWS-name characters filled in.
    return b.toString();
  }

  /**
   * The "what changed" section that leads an alert when something changed before the failure: the
   * deployment and its diff, CloudTrail events, what could not be read. Empty text without lines.
   *
   * @param lines {@code ChangeReport.lines()}
   */
  public static String whatChanged(List<String> lines) {
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("What changed:\n");
    lines.forEach(line -> b.append("  ").append(line).append('\n'));
    return b.append('\n').toString();
  }

  /**
   * The container's last words as a text section: the excerpt's title, then its lines indented
   * (already redacted and capped by {@link LogExcerpt}).
   */
  public static String lastWords(LogExcerpt excerpt) {
    StringBuilder b = new StringBuilder(excerpt.title()).append(":\n");
    excerpt.lines().forEach(line -> b.append("  | ").append(line).append('\n'));
    return b.toString();
  }

  /** Where the incident's evidence is kept, one line. */
  public static String evidenceRecord(String uri) {
    return "Evidence: " + uri + " (ecs-medic show INCIDENT)\n";
  }

  private static String evidence(Evidence e) {
    return e.field() + ": \"" + e.value() + "\" (" + e.rule() + ")";
  }

  private static String cluster(Finding f) {
    return f.resource().cluster() == null ? "" : " (" + f.resource().cluster() + ")";
  }
}
