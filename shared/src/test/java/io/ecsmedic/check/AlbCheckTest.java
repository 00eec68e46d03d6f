package io.ecsmedic.check;

import static io.ecsmedic.check.CheckResult.Status.FAIL;
import static io.ecsmedic.check.CheckResult.Status.PASS;
import static io.ecsmedic.check.CheckResult.Status.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.check.CheckResult.Status;
import io.ecsmedic.testing.Records;
import io.ecsmedic.testing.StepTable;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ALB 502 checklist over a healthy service, a broken one, and one it cannot see. */
class AlbCheckTest {
  static final String TG =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067";
  static final String LB =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
  static final AlbFacts.Target TARGET = new AlbFacts.Target("prod", "web", TG, LB);

  private static final AlbFacts HEALTHY =
      new AlbFacts(
          8080,
          8080,
          "traffic-port",
          List.of("Scaling activity initiated by (deployment ecs-svc/1)"),
          List.of("sg-alb"),
          Map.of("sg-task", List.of("sg-alb")),
          "/health",
          "200",
          Map.of("healthy", 3),
          5,
          60,
          65,
          30,
          30,
          60,
          25,
          TARGET);

  private static final AlbFacts BROKEN =
      new AlbFacts(
          8080,
          80,
          "80",
          List.of(
              "Essential container in task exited",
              "Scaling activity initiated by (deployment ecs-svc/1)"),
          List.of("sg-alb"),
          Map.of("sg-task", List.of("10.0.0.0/16")),
          "/",
          "200",
          Map.of(
              "healthy", 1,
              "unhealthy (Target.ResponseCodeMismatch)", 1,
              "unhealthy (Target.Timeout)", 2),
          5,
          60,
          5,
          300,
          30,
          0,
          null,
          TARGET);

  private static final AlbFacts UNSEEN =
      new AlbFacts(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null);

  private static Map<String, Status> byStep(List<CheckResult> results) {
    return results.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                CheckResult::step, CheckResult::status, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /**
   * The checklist as a table: facts in (the healthy service with one thing changed), the status of
   * the step that thing decides out.
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        StepTable.row("healthy", HEALTHY, "alb.port", PASS),
        StepTable.row(
            "health check on another port",
            with(HEALTHY, "healthCheckPort", "80"),
            "alb.port",
            FAIL),
        StepTable.row("port unknown", with(HEALTHY, "containerPort", null), "alb.port", UNKNOWN),
        StepTable.row(
            "tasks stop with an essential container exit",
            with(HEALTHY, "stoppedTaskReasons", List.of("Essential container in task exited")),
            "alb.crashing",
            FAIL),
        StepTable.row(
            "task security group admits only a CIDR",
            with(HEALTHY, "taskIngress", Map.of("sg-task", List.of("10.0.0.0/16"))),
            "alb.security-group",
            FAIL),
        StepTable.row(
            "some targets time out",
            with(HEALTHY, "targetStates", Map.of("healthy", 1, "unhealthy (Target.Timeout)", 2)),
            "alb.target-health",
            FAIL),
        StepTable.row(
            "keep-alive shorter than the idle timeout",
            with(HEALTHY, "keepAliveTimeoutSeconds", 5),
            "alb.keep-alive",
            FAIL),
        StepTable.row(
            "keep-alive not known",
            with(HEALTHY, "keepAliveTimeoutSeconds", null),
            "alb.keep-alive",
            UNKNOWN),
        StepTable.row(
            "deregistration delay left at 300 s",
            with(HEALTHY, "deregistrationDelaySeconds", 300),
            "alb.deregistration-delay",
            FAIL),
        StepTable.row(
            "no grace period behind a slow start",
            with(HEALTHY, "gracePeriodSeconds", 0),
            "alb.grace-period",
            FAIL),
        StepTable.row("nothing seen", UNSEEN, "alb.port", UNKNOWN, "alb.grace-period", UNKNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theStepsJudgeTheirFacts(String name, AlbFacts facts, Map<String, Status> expected) {
    assertThat(StepTable.statuses(AlbCheck.run(facts))).containsAllEntriesOf(expected);
  }

  private static AlbFacts with(AlbFacts f, String component, Object value) {
    return Records.with(f, component, value);
  }

  @Test
  void aHealthyServicePassesEveryStepItCanSee() {
    List<CheckResult> results = AlbCheck.run(HEALTHY);

    assertThat(results).hasSize(9);
    assertThat(results)
        .allSatisfy(
            r -> assertThat(r.status()).as(r.step() + ": " + r.evidence()).isEqualTo(Status.PASS));
  }

  @Test
  void aBrokenServiceFailsTheStepsThatExplainIts502sWithTheFix() {
    Map<String, Status> steps = byStep(AlbCheck.run(BROKEN));

    assertThat(steps)
        .containsEntry("container port = target-group / health-check port", Status.FAIL)
        .containsEntry("the container is not crashing", Status.FAIL)
        .containsEntry(
            "the task's security group lets the load balancer in on the container port",
            Status.FAIL)
        .containsEntry("health-check path and matcher match what the app answers", Status.FAIL)
        .containsEntry("health checks answer within their timeout", Status.FAIL)
        .containsEntry("targets are healthy", Status.FAIL)
        .containsEntry(
            "the app's keep-alive outlasts the load balancer's idle timeout", Status.FAIL)
        .containsEntry("deregistration delay fits the task's stop", Status.FAIL)
        .containsEntry("the health-check grace period covers start-up", Status.FAIL);
    assertThat(AlbCheck.run(BROKEN)).allSatisfy(r -> assertThat(r.fix()).as(r.step()).isNotBlank());
    assertThat(AlbCheck.securityGroup(BROKEN).fix())
        .isEqualTo(
            "aws ec2 authorize-security-group-ingress --group-id sg-task --protocol tcp --port 8080 --source-group sg-alb");
    assertThat(AlbCheck.deregistration(BROKEN).evidence())
        .isEqualTo("deregistration delay 300 s (the default)");
  }

  @Test
  void missingEvidenceIsUnknownNeverAFalsePass() {
    assertThat(AlbCheck.run(UNSEEN))
        .allSatisfy(r -> assertThat(r.status()).as(r.step()).isEqualTo(Status.UNKNOWN));
  }

  @Test
  void theAppsKeepAliveIsUnknownUnlessSomeoneSaysIt() {
    AlbFacts noKeepAlive =
        new AlbFacts(
            8080,
            8080,
            "traffic-port",
            List.of(),
            List.of(),
            Map.of(),
            "/health",
            "200",
            Map.of("healthy", 1),
            5,
            60,
            null,
            30,
            30,
            60,
            25,
            null);

    CheckResult r = AlbCheck.keepAlive(noKeepAlive);

    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.evidence()).contains("idle timeout is 60 s").contains("not visible to AWS");
  }

  @Test
  void everyFailCarriesACommandToPasteNamingTheResources() {
    AlbFacts keepAliveShort = with(BROKEN, "keepAliveTimeoutSeconds", 5);

    assertThat(AlbCheck.run(keepAliveShort))
        .filteredOn(r -> r.status() == FAIL)
        .hasSize(9)
        .allSatisfy(
            r ->
                assertThat(r.fix())
                    .as(r.id())
                    .containsPattern("(aws (elbv2|ecs|ec2) |ecs-medic classify )")
                    .doesNotContain("ecs-medic action"));
    assertThat(AlbCheck.deregistration(BROKEN).fix())
        .isEqualTo(
            "aws elbv2 modify-target-group-attributes --target-group-arn "
                + TG
                + " --attributes Key=deregistration_delay.timeout_seconds,Value=30 (keep it longer"
                + " than your longest request)");
    assertThat(AlbCheck.gracePeriod(BROKEN).fix())
        .startsWith(
            "aws ecs update-service --cluster prod --service web --health-check-grace-period-seconds 60");
    assertThat(AlbCheck.keepAlive(keepAliveShort).fix())
        .contains("--load-balancer-arn " + LB)
        .endsWith("Key=idle_timeout.timeout_seconds,Value=4");
    assertThat(AlbCheck.timeout(BROKEN).fix())
        .endsWith("--health-check-timeout-seconds 10 --health-check-interval-seconds 30");
  }

  @Test
  void aResourceNobodyCouldReadIsANamedPlaceholderInTheCommand() {
    AlbFacts anonymous = with(BROKEN, "target", null);

    assertThat(AlbCheck.port(anonymous).fix())
        .isEqualTo(
            "aws elbv2 modify-target-group --target-group-arn <target-group-arn>"
                + " --health-check-port traffic-port");
    assertThat(AlbCheck.crashing(anonymous).fix())
        .contains("--cluster <cluster> --service-name <service registered with the target group>");
  }
}
