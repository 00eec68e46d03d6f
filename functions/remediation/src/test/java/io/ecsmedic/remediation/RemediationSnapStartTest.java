package io.ecsmedic.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmedic.aws.testing.NoAws;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.testing.TestContext;
import io.ecsmedic.workflow.Plan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The remediation function's SnapStart hooks: priming reads, plans and writes the bundled Plan step
 * before the snapshot without any AWS call; after a restore the handler runs its steps as before.
 */
class RemediationSnapStartTest {
  private static final Map<String, String> ENV =
      Map.of(
          "AWS_REGION", "us-east-1",
          "AUDIT_TABLE_NAME", "audit",
          "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:alerts",
          "APPROVAL_LINK_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:link",
          "SLACK_WEBHOOK_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook");

  private final NoAws noAws = new NoAws("us-east-1");

  private final RemediationHandler handler =
      new RemediationHandler(RemediationSettings.fromEnv(ENV), noAws.factory(), Clock.systemUTC());

  @Test
  void primingMakesNoAwsCallAndPlansTheBundledRequest() throws Exception {
    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);

    assertThat(noAws.attempts()).as("SDK calls attempted while priming").isZero();
    Plan plan = new RemediationPriming(new Planner(RemediationSettings.fromEnv(ENV))).prime();
    assertThat(plan.decision()).isEqualTo(Plan.Decision.NEEDS_APPROVAL);
    assertThat(plan.action().type()).isEqualTo(ActionType.RAISE_MEMORY);
  }

  @Test
  void afterARestoreAStepStillReachesForItsAuditTable() throws Exception {
    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);

    byte[] request;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(RemediationPriming.REQUEST)) {
      request = in.readAllBytes();
    }
    // The Plan step stores its plan first: with nothing listening, that call fails, as it would
    // against an unreachable table, and the state machine would retry it.
    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    new ByteArrayInputStream(request),
                    new ByteArrayOutputStream(),
                    new TestContext("remediation")))
        .isInstanceOf(SdkClientException.class);
    assertThat(noAws.attempts()).as("the step's calls, made after the restore").isPositive();
  }
}
