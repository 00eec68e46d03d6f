package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.posture.PostureCollector;
import io.ecsmedic.posture.ScanReport;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The scan of 500 services reads in a known number of calls: services are described ten at a time
 * and each task definition and role is read once however many services share it. The time is
 * printed for docs/performance.md; the call count is asserted exactly, because it is what a
 * throttled account pays.
 */
class PostureScanScaleIT {
  static final String CLUSTER = "posture-scale";
  static final int SERVICES = 500;
  static final int FAMILIES = 5;

  @Test
  void fiveHundredServicesInAtMostSixtyFiveCalls() {
    LocalAws aws = LocalAws.fromEnv(System.getenv());
    PostureEstate estate = new PostureEstate(aws, CLUSTER);
    String taskRole = estate.role("scale-task");
    String execRole = estate.role("scale-exec");
    String[] families = new String[FAMILIES];
    for (int f = 0; f < FAMILIES; f++) {
      families[f] =
          estate.taskDefinition(
              "scale-" + f,
              "512",
              "1024",
              taskRole,
              execRole,
              PostureEstate.container("app").image("nginx:1").build());
    }
    for (int i = 0; i < SERVICES; i++) {
      estate.service(
          "scale-" + i, families[i % FAMILIES], b -> b.launchType("FARGATE").desiredCount(2));
    }

    ScanReport scan =
        new PostureCollector(
                CheckClients.of(aws.clients()),
                Clock.systemUTC(),
                new PostureCollector.Limits(Duration.ofMinutes(5), 1_000))
            .scan(java.util.List.of(CLUSTER));

    assertThat(scan.services()).hasSize(SERVICES);
    assertThat(scan.notes()).isEmpty();
    // 1 account setting + ListServices pages (AWS: 5 of 100; the emulator answers in one)
    // + 50 DescribeServices + 5 task definitions + 2 roles x (ListAttached + ListRolePolicies)
    assertThat(scan.calls()).isBetween(1 + 1 + 50 + 5 + 4, 1 + 5 + 50 + 5 + 4);
    System.out.printf(
        "posture scan of %d services: %d calls in %d ms%n",
        SERVICES, scan.calls(), scan.elapsedMillis());
  }
}
