package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The weekly posture scan, deployed and invoked in the emulator over a seeded estate: one run posts
 * one digest on the alert topic and stores the whole report in the audit table, which {@code
 * ecs-medic scan --stored} prints (mutes and their reasons included); the next run's digest says
 * what is new since.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostureScheduledScanIT {
  static final String CLUSTER = "posture-weekly";
  LocalStackSession stack;
  PostureEstate estate;

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT, "ecs-medic-e2e-posture", aws -> Map.of("PostureScanClusters", CLUSTER));
    estate = new PostureEstate(stack.aws, CLUSTER);
    estate.healthy("pw-healthy");
    estate.misconfigured("pw-broken");
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void oneDigestPerRunTheReportStoredAndReadableFromTheCli() throws Exception {
    JsonNode first = stack.invoke("PostureScanFunction", "{}");

    assertThat(first.path("runId").asText()).startsWith("posture-");
    List<JsonNode> digests = stack.alerts(1, Duration.ofSeconds(10));
    assertThat(digests).hasSize(1);
    assertThat(digests.getFirst().path("kind").asText()).isEqualTo("posture-scan");
    assertThat(digests.getFirst().path("headline").asText())
        .startsWith("2 services: ")
        .contains(" FAIL (");
    assertThat(stack.auditItems("POSTURE#" + first.path("runId").asText())).isNotEmpty();
    assertThat(stack.auditItems("POSTURE"))
        .anySatisfy(i -> assertThat(i.get("pk").s()).isEqualTo("POSTURE"));

    PackagedCli.Run stored =
        PackagedCli.run(
            stack.aws,
            false,
            "scan",
            "--stored",
            "--table",
            stack.deployment.output("AuditTableName"));
    assertThat(stored.exit()).as(stored.stderr()).isEqualTo(1);
    assertThat(stored.stdout())
        .contains("posture scan " + first.path("scannedAt").asText())
        .contains(CLUSTER + "/pw-broken: ")
        .contains("  MUTED   ADVICE posture.image-digest")
        .contains("muted: " + PostureEstate.MUTE_REASON);

    // A week later a new service fails: the next digest names it as new.
    estate.allSpot("pw-spot");
    JsonNode second = stack.invoke("PostureScanFunction", "{}");
    assertThat(second.path("added").asInt()).isEqualTo(1);
    List<JsonNode> next = stack.alerts(1, Duration.ofSeconds(10));
    assertThat(next).hasSize(1);
    assertThat(next.getFirst().path("added").asInt()).isEqualTo(1);
    PackagedCli.Run diff =
        PackagedCli.run(
            stack.aws,
            false,
            "scan",
            "--stored",
            "--table",
            stack.deployment.output("AuditTableName"));
    assertThat(diff.stdout()).contains("+ " + CLUSTER + "/pw-spot posture.spot-base");
  }
}
