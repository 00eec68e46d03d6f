package io.ecsmedic.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmedic.check.CheckResult.Status;
import io.ecsmedic.model.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckReportTest {
  private static final CheckStep A = new CheckStep("demo.a", "a holds");
  private static final CheckStep B = new CheckStep("demo.b", "b holds");
  private static final CheckStep C = new CheckStep("demo.c", "c holds");

  private static CheckReport report(CheckResult... results) {
    return new CheckReport(
        "alb-check", Category.ELB_HEALTH_CHECK, "tg/web", List.of(results), List.of("x: denied"));
  }

  @Test
  void theVerdictIsTheWorstStepAndUnknownIsNeverPass() {
    assertThat(report(CheckResult.pass(A, "ok")).verdict()).isEqualTo(Status.PASS);
    assertThat(report(CheckResult.pass(A, "ok"), CheckResult.unknown(B, "?")).verdict())
        .isEqualTo(Status.UNKNOWN);
    assertThat(
            report(CheckResult.unknown(B, "?"), CheckResult.fail(C, "port 80", "use 8080"))
                .verdict())
        .isEqualTo(Status.FAIL);
  }

  @Test
  void textShowsEveryStepTheFixUnderFailuresTheNotesAndTheRunbook() {
    String text =
        report(CheckResult.pass(A, "ok"), CheckResult.fail(C, "port 80", "use 8080\nthen redeploy"))
            .text("https://runbooks/ELB_HEALTH_CHECK.md");

    assertThat(text)
        .isEqualTo(
            """
            alb-check tg/web: 1 FAIL, 0 UNKNOWN, 1 PASS
              PASS    a holds
                      ok
              FAIL    c holds
                      port 80
                      fix: use 8080
                      fix: then redeploy
              note: x: denied
            runbook: https://runbooks/ELB_HEALTH_CHECK.md
            """);
  }

  @Test
  void failureLinesAreCappedWithAPointerToTheCli() {
    CheckReport r =
        report(
            CheckResult.fail(A, "a broke", "fix a"),
            CheckResult.fail(B, "b broke", "fix b"),
            CheckResult.fail(C, "c broke", "fix c"));

    assertThat(r.failureLines(2))
        .containsExactly("demo.a: a broke", "demo.b: b broke", "… 1 more: run ecs-medic alb-check");
  }

  @Test
  void jsonRoundTripsWithVerdictAndSummary() {
    CheckReport r = report(CheckResult.pass(A, "ok"), CheckResult.fail(C, "port 80", "use 8080"));

    var json = r.toJson();

    assertThat(json.path("verdict").asText()).isEqualTo("FAIL");
    assertThat(json.path("summary").asText()).isEqualTo("1 FAIL, 0 UNKNOWN, 1 PASS");
    assertThat(json.at("/results/1/id").asText()).isEqualTo("demo.c");
    assertThat(CheckReport.fromJson(json)).isEqualTo(r);
  }

  @Test
  void aFailureWithoutAFixOrABadIdIsRefused() {
    assertThatThrownBy(() -> CheckResult.fail(A, "broke", " "))
        .hasMessage("demo.a: a failed step must say the fix");
    assertThatThrownBy(() -> new CheckStep("Port", "x"))
        .hasMessageContaining("check id must look like 'alb.port'");
  }
}
