package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.check.Checkers;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.ResourceRef;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The checker each finding gets, on what the finding names, against a seeded estate: the route
 * triage and the Enrich step take.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckersIT {
  static final String CLUSTER = "checkers-it";

  Checkers checkers;

  @BeforeAll
  void seed() {
    LocalAws aws = LocalAws.fromEnv(System.getenv());
    AlbEstate estate = new AlbEstate(aws, CLUSTER);
    estate.seed("checkers-web", 80, "80", false, null, null);
    checkers =
        new Checkers(
            new CheckClients(
                estate.ecs,
                estate.elb,
                estate.ec2,
                aws.client(IamClient.builder()),
                aws.client(EcrClient.builder())),
            aws.region(),
            Clock.systemUTC());
  }

  static ResourceRef where(String service, String task) {
    return new ResourceRef(
        LocalAws.ACCOUNT,
        "us-east-1",
        CLUSTER,
        service,
        task,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void anElbFindingOnAServiceGetsAlbCheck() {
    CheckReport r =
        checkers
            .forFinding(Category.ELB_HEALTH_CHECK, where("checkers-web", null), null)
            .orElseThrow();

    assertThat(r.checker()).isEqualTo("alb-check");
    assertThat(r.subject()).startsWith(CLUSTER + "/checkers-web targetgroup/checkers-web-tg/");
    assertThat(r.service()).isEqualTo(new CheckReport.Service(CLUSTER, "checkers-web"));
  }

  @Test
  void aPullFindingWhoseTaskIsGoneChecksItsServiceAndSaysSo() {
    CheckReport r =
        checkers
            .forFinding(
                Category.IMAGE_PULL,
                where("checkers-web", "5ab72eb4d820fcc44c246382ea71fa80"),
                null)
            .orElseThrow();

    assertThat(r.checker()).isEqualTo("pull-check");
    assertThat(r.subject()).isEqualTo(CLUSTER + "/checkers-web");
    assertThat(r.service()).isEqualTo(new CheckReport.Service(CLUSTER, "checkers-web"));
    assertThat(r.results().getFirst().evidence()).startsWith("service checkers-web (ACTIVE");
    assertThat(r.notes().getFirst())
        .startsWith("task 5ab72eb4d820fcc44c246382ea71fa80 is gone (")
        .endsWith("); checked service checkers-web instead");
  }

  @Test
  void anExecFindingGetsTheExecDoctorOnItsTask() {
    CheckReport r =
        checkers.forFinding(Category.ECS_EXEC, where(null, "0123456789abcdef"), null).orElseThrow();

    assertThat(r.checker()).isEqualTo("exec-check");
    assertThat(r.subject()).isEqualTo(CLUSTER + "/0123456789abcdef");
  }
}
