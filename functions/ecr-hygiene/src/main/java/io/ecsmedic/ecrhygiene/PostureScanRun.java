package io.ecsmedic.ecrhygiene;

import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.aws.posture.PostureCollector;
import io.ecsmedic.posture.ScanDiff;
import io.ecsmedic.posture.ScanReport;
import io.ecsmedic.posture.ScanText;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One scheduled posture scan: scan, diff against the last stored scan, store the full report in the
 * audit table ({@code POSTURE}), post one digest on the alert topic ({@code kind} = posture-scan).
 * It changes nothing in the estate; {@code ecs-medic scan --stored} prints what it stored.
 */
final class PostureScanRun {
  /** Services the digest names; the stored report has them all. */
  static final int DIGEST_SERVICES = 10;

  private final PostureCollector collector;
  private final Supplier<List<String>> clusters;
  private final AuditTable audit;
  private final AlertTopic topic;
  private final Duration retention;
  private final Clock clock;

  PostureScanRun(
      PostureCollector collector,
      Supplier<List<String>> clusters,
      AuditTable audit,
      AlertTopic topic,
      Duration retention,
      Clock clock) {
    this.collector = collector;
    this.clusters = clusters;
    this.audit = audit;
    this.topic = topic;
    this.retention = retention;
    this.clock = clock;
  }

  /** The run's result: run id, headline, what is new. */
  record Outcome(String runId, ScanReport scan, ScanDiff diff) {}

  Outcome run() {
    Optional<ScanReport> previous =
        audit.latestPostureScans(1).stream().findFirst().map(ScanReport::fromJson);
    ScanReport scan = collector.scan(clusters.get());
    ScanDiff diff = previous.map(scan::diff).orElse(null);
    String runId = "posture-" + clock.instant().toEpochMilli();
    audit.storePostureScan(
        runId, scan.scannedAt(), scan.headline(), scan.toJson(), clock.instant().plus(retention));
    String text =
        ScanText.digest(scan, diff, DIGEST_SERVICES)
            + "\nFull report: ecs-medic scan --stored --table <AuditTableName> (run "
            + runId
            + ")\n";
    topic.publish(
        AlertTopic.Kind.POSTURE_SCAN,
        "[ecs-medic] Posture scan: " + scan.headline(),
        text,
        io.ecsmedic.json.Json.MAPPER
            .createObjectNode()
            .put("kind", "posture-scan")
            .put("runId", runId)
            .put("headline", scan.headline())
            .put("added", diff == null ? 0 : diff.added().size())
            .put("resolved", diff == null ? 0 : diff.resolved().size())
            .toString());
    return new Outcome(runId, scan, diff);
  }
}
