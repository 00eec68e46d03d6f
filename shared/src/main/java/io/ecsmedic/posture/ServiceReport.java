package io.ecsmedic.posture;

import java.util.List;
import java.util.Objects;

/**
 * The scan's verdicts on one service, in catalogue order, and what could not be read.
 *
 * @param notes reads that failed for this service (an AccessDenied, a throttle), so an UNKNOWN can
 *     be traced
 */
public record ServiceReport(
    String cluster, String service, List<RuleResult> results, List<String> notes) {
  public ServiceReport {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(service, "service");
    results = List.copyOf(results);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** {@code cluster/service}. */
  public String key() {
    return cluster + "/" + service;
  }

  public List<RuleResult> failures() {
    return results.stream().filter(r -> r.status() == RuleStatus.FAIL).toList();
  }

  public long count(RuleStatus status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /** Ranks services worst first: the failures' severity weights, summed. */
  public int score() {
    return failures().stream().mapToInt(r -> r.severity().weight()).sum();
  }

  /** {@code 3 FAIL, 1 UNKNOWN, 1 MUTED, 12 PASS}. */
  public String summary() {
    return count(RuleStatus.FAIL)
        + " FAIL, "
        + count(RuleStatus.UNKNOWN)
        + " UNKNOWN, "
        + count(RuleStatus.MUTED)
        + " MUTED, "
        + count(RuleStatus.PASS)
        + " PASS";
  }
}
