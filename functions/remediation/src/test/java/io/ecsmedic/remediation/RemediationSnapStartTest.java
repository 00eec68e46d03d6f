package io.ecsmedic.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.CallBudget;
import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.testing.TestContext;
import io.ecsmedic.workflow.Plan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The remediation function's SnapStart hooks: priming reads, plans and writes the bundled Plan step
 * before the snapshot without any AWS call; after a restore the handler runs its steps as before.
 */
class RemediationSnapStartTest {
  /** Nothing listens there: a call that got as far as connecting would fail. */
  private static final URI CLOSED_PORT = URI.create("http://127.0.0.1:9");

  private static final Map<String, String> ENV =
      Map.of(
          "AWS_REGION", "us-east-1",
          "AUDIT_TABLE_NAME", "audit",
          "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:alerts",
          "APPROVAL_LINK_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:link",
          "SLACK_WEBHOOK_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook");

  private final AtomicInteger credentialsResolved = new AtomicInteger();

  private final RemediationHandler handler =
      new RemediationHandler(
          RemediationSettings.fromEnv(ENV),
          new AwsClientFactory(
              new AwsSettings("us-east-1", Optional.of(CLOSED_PORT)),
              // Every SDK call resolves its credentials first, so this counts every call attempted.
              () -> {
                credentialsResolved.incrementAndGet();
                return AwsBasicCredentials.create("AKIDPRIMING", "not-a-secret");
              },
              CallBudget.STANDARD),
          Clock.systemUTC());

  @Test
  void primingMakesNoAwsCallAndPlansTheBundledRequest() throws Exception {
    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);

    assertThat(credentialsResolved).as("SDK calls attempted while priming").hasValue(0);
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
    assertThat(credentialsResolved)
        .as("the step's calls, made after the restore")
        .hasPositiveValue();
  }
}
