package io.ecsmedic.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeReportTest {
  static final Instant FAILURE = Instant.parse("2025-06-10T09:04:00Z");

  static final List<Change> DIFF =
      List.of(
          new Change("image", "app", "repo/orders:2025.06.1", "repo/orders:2025.06.2"),
          new Change("env", "app", null, "DATABASE_URL"));

  @Test
  void leadsWithTheDeploymentItsChangesWhoAndHowLongBefore() {
    Deployment d =
        new Deployment(
                "ecs-svc/42",
                "arn:aws:ecs:us-east-1:1:task-definition/orders:8",
                FAILURE.minusSeconds(4 * 60 + 10),
                null,
                "IN_PROGRESS")
            .withStartedBy("arn:aws:sts::1:assumed-role/ci-deployer/gh-run-7");
    ChangeReport r =
        new ChangeReport(FAILURE, "orders:8", "orders:7", DIFF, d, List.of(), List.of());

    assertThat(r.lead())
        .isEqualTo(
            "Started after deployment ecs-svc/42 (image 2025.06.1 → 2025.06.2, env +DATABASE_URL)"
                + " by role/ci-deployer, 4 min before the first failure");
    assertThat(r.lines())
        .containsExactly(
            r.lead(),
            "Changed from orders:7 to orders:8:",
            "  - image 2025.06.1 → 2025.06.2 (app)",
            "  - env +DATABASE_URL (app)");
  }

  @Test
  void namesAnEditedSecretWithWhoAndWhen() {
    TrailEvent edit =
        new TrailEvent(
            FAILURE.minusSeconds(180),
            "PutSecretValue",
            "user/alice",
            "arn:aws:secretsmanager:us-east-1:1:secret:prod/db",
            "secret DB_PASSWORD of the task");
    ChangeReport r =
        new ChangeReport(FAILURE, "orders:8", null, List.of(), null, List.of(edit), List.of());

    assertThat(edit.editsSecret()).isTrue();
    assertThat(r.found()).isTrue();
    assertThat(r.lead()).isNull();
    assertThat(r.lines())
        .containsExactly(
            "Before the failure (CloudTrail):",
            "  - 09:01:00Z PutSecretValue on arn:aws:secretsmanager:us-east-1:1:secret:prod/db by"
                + " user/alice (secret DB_PASSWORD of the task), 3 min before");
  }

  @Test
  void withoutADeploymentTheDiffLeads() {
    ChangeReport r =
        new ChangeReport(FAILURE, "orders:8", "orders:7", DIFF, null, List.of(), List.of());
    assertThat(r.lead())
        .isEqualTo(
            "Revision orders:8 differs from orders:7, the last that ran healthy (image 2025.06.1"
                + " → 2025.06.2, env +DATABASE_URL)");
  }

  @Test
  void whatCouldNotBeReadIsANoteAndNothingFoundIsNoSection() {
    ChangeReport r = ChangeReport.nothing(FAILURE, List.of("CloudTrail not read: timed out"));
    assertThat(r.found()).isFalse();
    assertThat(r.lines()).containsExactly("(CloudTrail not read: timed out)");
  }

  @Test
  void theJsonFormHoldsEveryChangeAndEvent() {
    Deployment d = new Deployment("ecs-svc/42", "td:8", FAILURE.minusSeconds(60), "role/ci", null);
    ChangeReport r =
        new ChangeReport(
            FAILURE,
            "orders:8",
            "orders:7",
            DIFF,
            d,
            List.of(new TrailEvent(FAILURE, "UpdateService", "role/ci", "orders", "the service")),
            List.of());
    var json = r.toJson();
    assertThat(json.path("deployment").path("startedBy").asText()).isEqualTo("role/ci");
    assertThat(json.path("diff")).hasSize(2);
    assertThat(json.path("diff").get(1).path("after").asText()).isEqualTo("DATABASE_URL");
    assertThat(json.path("events").get(0).path("name").asText()).isEqualTo("UpdateService");
    assertThat(json.path("lead").asText()).startsWith("Started after deployment ecs-svc/42");
  }
}
