package io.ecsmedic.posture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One posture scan of a fleet: every service's report, worst first, and what the scan cost. The
 * same record is printed by the CLI, stored by the scheduled scan and read back for a diff.
 *
 * @param scannedAt ISO-8601 instant the scan started
 * @param clusters the clusters scanned
 * @param services one report per service, worst first (then by name)
 * @param notes what could not be read for the fleet as a whole (a cluster, the account setting)
 * @param calls AWS calls the scan made
 * @param elapsedMillis how long the reads took
 */
public record ScanReport(
    String scannedAt,
    List<String> clusters,
    List<ServiceReport> services,
    List<String> notes,
    int calls,
    long elapsedMillis) {
  private static final Comparator<ServiceReport> WORST_FIRST =
      Comparator.comparingInt(ServiceReport::score).reversed().thenComparing(ServiceReport::key);

  public ScanReport {
    Objects.requireNonNull(scannedAt, "scannedAt");
    clusters = List.copyOf(clusters);
    services = services.stream().sorted(WORST_FIRST).toList();
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** FAILs per rule, in catalogue order; rules that failed nowhere are left out. */
  public Map<String, Long> failuresByRule() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (PostureRule rule : PostureRules.ALL) {
      long n =
          services.stream()
              .flatMap(s -> s.failures().stream())
              .filter(r -> r.rule().equals(rule.id()))
              .count();
      if (n > 0) {
        out.put(rule.id(), n);
      }
    }
    return out;
  }

  /** FAILs per severity, worst first, every severity present. */
  public Map<Severity, Long> failuresBySeverity() {
    Map<Severity, Long> out = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      out.put(
          s,
          services.stream()
              .flatMap(r -> r.failures().stream())
              .filter(r -> r.severity() == s)
              .count());
    }
    return out;
  }

  public long count(RuleStatus status) {
    return services.stream().mapToLong(s -> s.count(status)).sum();
  }

  /** Every FAIL as {@code cluster/service rule}, the unit of a diff. */
  public Set<String> failureKeys() {
    Set<String> keys = new LinkedHashSet<>();
    for (ServiceReport s : services) {
      for (RuleResult r : s.failures()) {
        keys.add(s.key() + " " + r.rule());
      }
    }
    return keys;
  }

  /** What failed now and not in {@code previous}, and what failed then and passes now. */
  public ScanDiff diff(ScanReport previous) {
    Set<String> now = failureKeys();
    Set<String> before = previous.failureKeys();
    return new ScanDiff(
        previous.scannedAt(),
        now.stream().filter(k -> !before.contains(k)).toList(),
        before.stream().filter(k -> !now.contains(k)).toList());
  }

  /** {@code 12 services: 9 FAIL (2 HIGH, …), 3 UNKNOWN, 1 MUTED}. */
  public String headline() {
    Map<Severity, Long> bySeverity = failuresBySeverity();
    StringBuilder sev = new StringBuilder();
    for (Severity s : Severity.values()) {
      if (bySeverity.get(s) > 0) {
        sev.append(sev.isEmpty() ? "" : ", ").append(bySeverity.get(s)).append(' ').append(s);
      }
    }
    return services.size()
        + " services: "
        + count(RuleStatus.FAIL)
        + " FAIL"
        + (sev.isEmpty() ? "" : " (" + sev + ")")
        + ", "
        + count(RuleStatus.UNKNOWN)
        + " UNKNOWN, "
        + count(RuleStatus.MUTED)
        + " MUTED";
  }

  public String toJson() {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a scan report always serialises", e);
    }
  }

  /** Reads what {@link #toJson()} wrote (a stored scan). */
  public static ScanReport fromJson(JsonNode json) {
    try {
      return Json.MAPPER.treeToValue(json, ScanReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a scan report: " + e.getOriginalMessage(), e);
    }
  }

  public static ScanReport fromJson(String json) {
    try {
      return fromJson(Json.MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a scan report: " + e.getOriginalMessage(), e);
    }
  }
}
