package io.ecsmedic.ecrhygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.testing.NoAws;
import io.ecsmedic.ecr.RepositoryPlan;
import io.ecsmedic.posture.RuleStatus;
import io.ecsmedic.posture.ScanReport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The weekly jobs' SnapStart hooks (ECR hygiene, posture scan): priming plans and renders made-up
 * input without any AWS call.
 */
class ScheduledJobsSnapStartTest {
  private static final Map<String, String> ENV =
      Map.of(
          "AWS_REGION", "us-east-1",
          "ACCOUNT_ID", "123456789012",
          "AUDIT_TABLE_NAME", "audit",
          "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:alerts",
          "CLEANUP_STATE_MACHINE_ARN",
              "arn:aws:states:us-east-1:123456789012:stateMachine:ecs-medic-ecr-cleanup",
          "KEEP_NEWEST_TAGGED", "1",
          "KEEP_PUSHED_WITHIN_DAYS", "7");

  private final NoAws noAws = new NoAws("us-east-1");
  private final AwsClientFactory aws = noAws.factory();

  @Test
  void ecrHygienePrimingMakesNoAwsCallAndPlansLikeTheDryRun() throws Exception {
    EcrHygieneSettings settings = EcrHygieneSettings.fromEnv(ENV);
    EcrHygieneHandler handler = new EcrHygieneHandler(settings, aws, Clock.systemUTC());

    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);

    assertThat(noAws.attempts()).as("SDK calls attempted while priming").isZero();
    List<RepositoryPlan> plans = new EcrHygienePriming(settings.policy()).prime();
    assertThat(plans)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.deletions())
                    .as("the old untagged image, nothing in use, not the newest tagged")
                    .extracting(v -> v.image().digest())
                    .containsExactly("sha256:" + "2".repeat(64)));
  }

  @Test
  void postureScanPrimingMakesNoAwsCallAndJudgesTheService() throws Exception {
    PostureScanHandler handler =
        new PostureScanHandler(PostureScanSettings.fromEnv(ENV), aws, Clock.systemUTC());

    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);

    assertThat(noAws.attempts()).as("SDK calls attempted while priming").isZero();
    ScanReport scan = PostureScanPriming.prime();
    assertThat(scan.count(RuleStatus.FAIL)).as("the made-up service breaks rules").isPositive();
  }
}
