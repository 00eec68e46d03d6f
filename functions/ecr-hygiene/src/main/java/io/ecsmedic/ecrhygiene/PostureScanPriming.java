package io.ecsmedic.ecrhygiene;

import io.ecsmedic.posture.PostureCheck;
import io.ecsmedic.posture.PostureFacts;
import io.ecsmedic.posture.PostureFacts.CircuitBreaker;
import io.ecsmedic.posture.PostureFacts.Container;
import io.ecsmedic.posture.PostureFacts.Role;
import io.ecsmedic.posture.PostureFacts.TargetGroup;
import io.ecsmedic.posture.PostureFacts.TaskDefinition;
import io.ecsmedic.posture.ScanReport;
import io.ecsmedic.posture.ScanText;
import java.util.List;
import java.util.Map;

/**
 * The posture scan's SnapStart priming (see {@link io.ecsmedic.snapstart.SnapStartHooks}): before
 * the snapshot, judges a made-up service against every posture rule, and writes, reads back, diffs
 * and renders the scan as a run does after its reads. The scan time is fixed, never the clock's.
 *
 * <p>Small, because the scan is a weekly job whose reads take minutes: nobody waits on its first
 * second. Not primed, because each would call AWS: the reads (ECS, ELBv2, IAM), the previous scan's
 * query, storing the report, the digest's publish.
 *
 * <p>Nothing to refresh after a restore: the posture scan caches nothing at initialisation but its
 * clients, which resolve credentials and connect on their first call; its run id and scan time are
 * read from the clock when it runs.
 */
final class PostureScanPriming {
  private static final String TASK_ROLE = "arn:aws:iam::123456789012:role/priming-task";

  private PostureScanPriming() {}

  /** Judges and renders a one-service scan; returns it, for the tests. */
  static ScanReport prime() {
    PostureFacts facts =
        new PostureFacts(
            "prod",
            "priming",
            Map.of(),
            "FARGATE",
            List.of(),
            "LATEST",
            1,
            100,
            200,
            CircuitBreaker.OFF,
            0,
            List.of(
                new TargetGroup(
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/priming/1",
                    300,
                    1.0)),
            false,
            new TaskDefinition(
                "arn:aws:ecs:us-east-1:123456789012:task-definition/priming:1",
                List.of("FARGATE"),
                256,
                512,
                TASK_ROLE,
                null,
                "",
                List.of(
                    new Container(
                        "app",
                        true,
                        "public.ecr.aws/nginx/nginx:latest",
                        "awslogs",
                        "blocking",
                        false,
                        Map.of(),
                        null,
                        null,
                        List.of(),
                        false))),
            "blocking",
            Map.of(TASK_ROLE, new Role(TASK_ROLE, List.of(), List.of("*"))));
    ScanReport scan =
        new ScanReport(
            "2026-01-01T00:00:00Z",
            List.of("prod"),
            List.of(PostureCheck.run(facts, List.of())),
            List.of(),
            0,
            0);
    ScanReport stored = ScanReport.fromJson(scan.toJson());
    ScanText.digest(scan, scan.diff(stored), PostureScanRun.DIGEST_SERVICES);
    ScanText.text(scan, null);
    return scan;
  }
}
