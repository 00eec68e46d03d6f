package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * alb-check, exec-check and pull-check as an engineer runs them: the packaged CLI in its own
 * process, against estates seeded in the emulator; text and JSON output, and the exit status a
 * script branches on (0 nothing failed, 1 a step failed, 2 bad options).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckCommandsIT {
  static final String CLUSTER = "cli-checks";
  LocalAws aws;
  String brokenTg;

  @BeforeAll
  void seed() {
    aws = LocalAws.fromEnv(System.getenv());
    AlbEstate estate = new AlbEstate(aws, CLUSTER);
    brokenTg = estate.seed("cli-bad", 80, "80", false, null, null);
    String healthy = estate.seed("cli-ok", 8080, "traffic-port", true, 30, 60);
    estate.elb.registerTargets(r -> r.targetGroupArn(healthy).targets(t -> t.id("10.0.1.20")));
  }

  PackagedCli.Run cli(String... args) throws Exception {
    return PackagedCli.run(aws, false, args);
  }

  @Test
  void albCheckPrintsEachStepWithItsFixAndExitsOneWhenAStepFails() throws Exception {
    PackagedCli.Run r = cli("alb-check", "--target-group", brokenTg);

    assertThat(r.exit()).as(r.stderr()).isEqualTo(1);
    assertThat(r.stdout())
        .startsWith("alb-check " + CLUSTER + "/cli-bad targetgroup/cli-bad-tg/")
        .contains(
            "  FAIL    container port = target-group / health-check port\n"
                + "          health checks go to port 80, the container listens on 8080\n"
                + "          fix: aws elbv2 modify-target-group --target-group-arn "
                + brokenTg
                + " --health-check-port traffic-port\n")
        .contains(
            "runbook: https://github.com/ecs-medic/ecs-medic/blob/main/docs/runbooks/ELB_HEALTH_CHECK.md");
  }

  @Test
  void albCheckJsonNamesEveryStepByIdAndAHealthyServiceExitsZero() throws Exception {
    PackagedCli.Run bad =
        cli("alb-check", "--cluster", CLUSTER, "--service", "cli-bad", "-o", "json");
    PackagedCli.Run ok =
        cli(
            "alb-check",
            "--cluster",
            CLUSTER,
            "--service",
            "cli-ok",
            "--keep-alive",
            "65",
            "-o",
            "json");

    JsonNode report = bad.json();
    assertThat(report.path("checker").asText()).isEqualTo("alb-check");
    assertThat(report.path("verdict").asText()).isEqualTo("FAIL");
    assertThat(report.path("results").findValuesAsText("id"))
        .containsExactly(
            "alb.target-group",
            "alb.port",
            "alb.crashing",
            "alb.security-group",
            "alb.path-matcher",
            "alb.timeout",
            "alb.target-health",
            "alb.keep-alive",
            "alb.deregistration-delay",
            "alb.grace-period");
    assertThat(report.path("runbook").asText()).endsWith("/ELB_HEALTH_CHECK.md");
    assertThat(ok.exit()).as(ok.stdout()).isZero();
    assertThat(ok.json().path("summary").asText()).isEqualTo("0 FAIL, 1 UNKNOWN, 9 PASS");
  }

  @Test
  void execCheckOnAMissingTaskFailsItsFirstStepAndNeverClaimsTheAgentIsConnected()
      throws Exception {
    PackagedCli.Run r =
        cli("exec-check", "--cluster", CLUSTER, "--task", "0123456789abcdef", "-o", "json");

    assertThat(r.exit()).as(r.stderr()).isEqualTo(1);
    JsonNode results = r.json().path("results");
    assertThat(results.get(0).path("status").asText()).isEqualTo("FAIL");
    assertThat(results.get(0).path("evidence").asText()).contains("0123456789abcdef");
    assertThat(r.json().path("runbook").asText()).endsWith("/ECS_EXEC.md");
  }

  @Test
  void pullCheckOnAServiceJudgesItsImageRolesAndNetwork() throws Exception {
    PackagedCli.Run r =
        cli("pull-check", "--cluster", CLUSTER, "--service", "cli-ok", "-o", "json");

    JsonNode report = r.json();
    assertThat(report.path("checker").asText()).isEqualTo("pull-check");
    assertThat(report.path("results").findValuesAsText("id"))
        .startsWith("pull.subject", "pull.image")
        .contains("pull.execution-role", "pull.network", "pull.egress");
    assertThat(report.path("runbook").asText()).endsWith("/IMAGE_PULL.md");
    // A public image without awslogs or secrets needs no execution role (the emulator answers
    // an absent role as "", which must not read as a role named "").
    JsonNode role = report.path("results").get(3);
    assertThat(role.path("id").asText()).isEqualTo("pull.execution-role");
    assertThat(role.path("status").asText()).isEqualTo("PASS");
    assertThat(role.path("evidence").asText()).isEqualTo("no execution role, and none needed");
  }

  @Test
  void badOptionsExitTwoAndSayWhatIsWrong() throws Exception {
    PackagedCli.Run both =
        cli("alb-check", "--target-group", brokenTg, "--cluster", CLUSTER, "--service", "cli-bad");
    PackagedCli.Run neither = cli("pull-check", "--cluster", CLUSTER);

    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.stderr()).contains("mutually exclusive");
    assertThat(neither.exit()).isEqualTo(2);
    assertThat(neither.stderr()).contains("--task", "--service");
  }
}
