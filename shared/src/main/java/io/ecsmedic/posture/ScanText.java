package io.ecsmedic.posture;

import java.util.List;
import java.util.Map;

/**
 * A scan as people read it: plain text for a terminal, Markdown for a ticket, and the short digest
 * the scheduled scan posts. The fleet summary first (counts by severity and rule, what is new),
 * then one block per service, worst first; passing rules are counted, not listed.
 */
public final class ScanText {
  private ScanText() {}

  /**
   * @param diff against the previous scan; null when there is none
   */
  public static String text(ScanReport scan, ScanDiff diff) {
    StringBuilder out = new StringBuilder();
    out.append("posture scan ")
        .append(scan.scannedAt())
        .append(" of ")
        .append(String.join(", ", scan.clusters()))
        .append('\n');
    out.append(scan.headline()).append('\n');
    for (Map.Entry<String, Long> e : scan.failuresByRule().entrySet()) {
      out.append(String.format("  %4d  %s%n", e.getValue(), e.getKey()));
    }
    appendDiff(out, diff, "");
    for (ServiceReport s : scan.services()) {
      out.append('\n').append(s.key()).append(": ").append(s.summary()).append('\n');
      for (RuleResult r : s.results()) {
        if (r.status() == RuleStatus.PASS) {
          continue;
        }
        out.append(String.format("  %-7s %-6s %s%n", r.status(), r.severity(), r.rule()));
        out.append("                 ").append(r.evidence()).append('\n');
        if (r.status() == RuleStatus.MUTED) {
          out.append("                 muted: ").append(r.muteReason()).append('\n');
        } else if (r.fix() != null) {
          for (String line : r.fix().split("\n")) {
            out.append("                 fix: ").append(line).append('\n');
          }
        }
      }
      for (String note : s.notes()) {
        out.append("  note: ").append(note).append('\n');
      }
    }
    for (String note : scan.notes()) {
      out.append("note: ").append(note).append('\n');
    }
    out.append('\n')
        .append(scan.calls())
        .append(" AWS calls in ")
        .append(scan.elapsedMillis())
        .append(" ms\n");
    return out.toString();
  }

  /** For a ticket: a summary table, then per service its non-passing rules with the fix. */
  public static String markdown(ScanReport scan, ScanDiff diff) {
    StringBuilder out = new StringBuilder();
    out.append("## ECS posture scan, ").append(scan.scannedAt()).append("\n\n");
    out.append(scan.headline()).append("\n\n");
    out.append("| rule | failing services |\n|---|---|\n");
    for (Map.Entry<String, Long> e : scan.failuresByRule().entrySet()) {
      out.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" |\n");
    }
    appendDiff(out, diff, "- ");
    for (ServiceReport s : scan.services()) {
      out.append("\n### ").append(s.key()).append("\n\n").append(s.summary()).append("\n\n");
      for (RuleResult r : s.results()) {
        if (r.status() == RuleStatus.PASS) {
          continue;
        }
        out.append("- **")
            .append(r.status())
            .append("** ")
            .append(r.severity())
            .append(" `")
            .append(r.rule())
            .append("`: ")
            .append(r.evidence())
            .append('\n');
        if (r.status() == RuleStatus.MUTED) {
          out.append("  muted: ").append(r.muteReason()).append('\n');
        } else if (r.fix() != null) {
          out.append("\n  ```sh\n");
          for (String line : r.fix().split("\n")) {
            out.append("  ").append(line).append('\n');
          }
          out.append("  ```\n");
        }
      }
    }
    return out.toString();
  }

  /** The scheduled scan's one message: the headline, what is new, the worst services. */
  public static String digest(ScanReport scan, ScanDiff diff, int maxServices) {
    StringBuilder out = new StringBuilder();
    out.append(scan.headline()).append('\n');
    appendDiff(out, diff, "  ");
    List<ServiceReport> worst =
        scan.services().stream().filter(s -> s.score() > 0).limit(maxServices).toList();
    if (!worst.isEmpty()) {
      out.append("worst services:\n");
      for (ServiceReport s : worst) {
        out.append("  ").append(s.key()).append(": ").append(s.summary()).append('\n');
      }
    }
    return out.toString();
  }

  private static void appendDiff(StringBuilder out, ScanDiff diff, String bullet) {
    if (diff == null) {
      return;
    }
    out.append("new since ")
        .append(diff.since())
        .append(": ")
        .append(diff.added().size())
        .append(", resolved: ")
        .append(diff.resolved().size())
        .append('\n');
    for (String added : diff.added()) {
      out.append(bullet).append("+ ").append(added).append('\n');
    }
    for (String resolved : diff.resolved()) {
      out.append(bullet).append("- ").append(resolved).append('\n');
    }
  }
}
