package io.ecsmedic.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.testing.NoAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The approval function's SnapStart hooks: priming runs a Slack click's path before the snapshot
 * without any AWS call, and the handler still decides a click after a restore.
 */
class ApprovalSnapStartTest {
  @Test
  void primingTheDeployedWiringMakesNoAwsCall() throws Exception {
    NoAws noAws = new NoAws("eu-west-1");
    AwsClientFactory aws = noAws.factory();
    ApprovalHandler handler =
        new ApprovalHandler(
            ApprovalSettings.fromEnv(
                Map.of(
                    "AWS_REGION", "eu-west-1",
                    "AUDIT_TABLE_NAME", "audit",
                    "SLACK_SIGNING_SECRET_ARN", Harness.SLACK_SECRET_ARN,
                    "APPROVAL_LINK_SECRET_ARN", Harness.LINK_SECRET_ARN,
                    "LINK_APPROVALS", "Enabled",
                    "SLACK_APPROVER_USER_IDS", Harness.APPROVER_ID,
                    "SLACK_APPROVER_TEAM_IDS", Harness.TEAM_ID)),
            aws);

    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);

    assertThat(noAws.attempts()).as("SDK calls attempted while priming").isZero();
  }

  @Test
  void primingReadsAndVerifiesTheClickItBuilt() {
    SlackInteraction click = new ApprovalPriming(Harness.ALICE_OF_T1).prime();

    assertThat(click.approve()).isTrue();
    assertThat(click.incidentId()).isEqualTo("priming");
  }

  @Test
  void afterARestoreTheHandlerDecidesAClickOnceAsBefore() throws Exception {
    Harness h = new Harness();

    h.handler.snapStart().beforeCheckpoint(null);
    h.handler.snapStart().afterRestore(null);
    Harness.Response r =
        h.call(
            Harness.slackClick(SlackInteraction.APPROVE_ACTION_ID, Harness.INCIDENT, Harness.NOW));

    assertThat(r.status()).isEqualTo(200);
    assertThat(h.workflow.of("success")).hasSize(1);
    assertThat(h.secretReads).as("priming never read the signing secret").hasValue(1);
    assertThat(h.denials).as("priming recorded no refusal").isEmpty();
  }
}
