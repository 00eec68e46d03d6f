package io.ecsmedic.posture;

import static io.ecsmedic.posture.PostureFixtures.HEALTHY;
import static io.ecsmedic.posture.PostureFixtures.withAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.posture.PostureFacts.CircuitBreaker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet view: worst first, counts, mutes, the diff, and a stored report read back. */
class ScanReportTest {
  static final ServiceReport HEALTHY_REPORT = PostureCheck.run(HEALTHY, List.of());
  static final ServiceReport NO_BREAKER =
      PostureCheck.run(
          withAll("service", "billing", "circuitBreaker", CircuitBreaker.OFF), List.of());
  static final ServiceReport WORSE =
      PostureCheck.run(
          withAll(
              "service",
              "reports",
              "circuitBreaker",
              CircuitBreaker.OFF,
              "platformVersion",
              "1.3.0"),
          List.of("DescribeTargetGroups: not available (AccessDenied)"));

  static ScanReport scan(String at, ServiceReport... services) {
    return new ScanReport(at, List.of("prod"), List.of(services), List.of(), 7, 42);
  }

  @Test
  void worstServicesComeFirstWithCountsByRuleAndSeverity() {
    ScanReport scan = scan("2026-12-06T00:00:00Z", HEALTHY_REPORT, NO_BREAKER, WORSE);

    assertThat(scan.services())
        .extracting(ServiceReport::service)
        .containsExactly("reports", "billing", "orders");
    assertThat(scan.failuresByRule())
        .containsExactly(
            Map.entry("posture.circuit-breaker", 2L), Map.entry("posture.platform-version", 1L));
    assertThat(scan.failuresBySeverity()).containsEntry(Severity.HIGH, 3L);
    assertThat(scan.headline()).isEqualTo("3 services: 3 FAIL (3 HIGH), 0 UNKNOWN, 0 MUTED");
  }

  @Test
  void aMuteTagTurnsAFailIntoMutedWithItsReason() {
    ServiceReport muted =
        PostureCheck.run(
            withAll(
                "circuitBreaker",
                CircuitBreaker.OFF,
                "tags",
                Map.of("ecs-medic:mute:posture.circuit-breaker", "batch job, INC-42")),
            List.of());

    RuleResult breaker = PostureRulesTest.result(muted, PostureRules.CIRCUIT_BREAKER);
    assertThat(breaker.status()).isEqualTo(RuleStatus.MUTED);
    assertThat(breaker.muteReason()).isEqualTo("batch job, INC-42");
    assertThat(breaker.evidence()).contains("enable=false");
    assertThat(muted.score()).isZero();
  }

  @Test
  void theDiffNamesWhatIsNewAndWhatWasResolved() {
    ScanReport lastWeek = scan("2026-11-29T00:00:00Z", NO_BREAKER, HEALTHY_REPORT);
    ScanReport now = scan("2026-12-06T00:00:00Z", WORSE, HEALTHY_REPORT);

    ScanDiff diff = now.diff(lastWeek);

    assertThat(diff.since()).isEqualTo("2026-11-29T00:00:00Z");
    assertThat(diff.added())
        .containsExactly(
            "prod/reports posture.circuit-breaker", "prod/reports posture.platform-version");
    assertThat(diff.resolved()).containsExactly("prod/billing posture.circuit-breaker");
    assertThat(ScanText.digest(now, diff, 5))
        .contains("new since 2026-11-29T00:00:00Z: 2, resolved: 1")
        .contains("prod/reports: 2 FAIL");
  }

  @Test
  void aStoredReportReadsBackEqual() {
    ScanReport scan = scan("2026-12-06T00:00:00Z", WORSE, HEALTHY_REPORT);

    assertThat(ScanReport.fromJson(scan.toJson())).isEqualTo(scan);
  }

  @Test
  void textAndMarkdownShowFailuresWithTheirFixAndMutesWithTheirReason() {
    ScanReport scan = scan("2026-12-06T00:00:00Z", WORSE, HEALTHY_REPORT);

    assertThat(ScanText.text(scan, null))
        .contains("prod/reports: 2 FAIL")
        .contains("fix: aws ecs update-service --cluster prod --service reports")
        .contains("note: DescribeTargetGroups: not available (AccessDenied)")
        .contains("7 AWS calls in 42 ms");
    assertThat(ScanText.markdown(scan, null))
        .contains("| `posture.circuit-breaker` | 1 |")
        .contains("### prod/reports")
        .contains("```sh");
  }
}
