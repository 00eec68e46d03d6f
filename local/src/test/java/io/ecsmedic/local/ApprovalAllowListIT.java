package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.audit.ApprovalDenial;
import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.signing.ApprovalLinks;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Who may approve, on a deployed stack whose Slack approvers are alice (U0ONCALL) of workspace
 * T0OURS and whose link approvals are Disabled: a genuine click from anyone else, or a genuine
 * link, decides nothing and is audited; {@code ecs-medic approve} with an AWS identity releases the
 * workflow and the audit names the caller's STS ARN.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalAllowListIT {
  LocalStackSession stack;
  ApprovalScenario scenario;

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-approvers",
            aws -> {
              SecretsManagerClient secrets = aws.client(SecretsManagerClient.builder());
              return Map.of(
                  "ApprovalTimeoutSeconds",
                  "120",
                  "VerifyIntervalSeconds",
                  "1",
                  "SlackSigningSecretArn",
                  secrets
                      .createSecret(
                          r ->
                              r.name("ecs-medic/slack-signing")
                                  .secretString(ApprovalScenario.SLACK_SECRET))
                      .arn(),
                  "ApprovalLinkSecretArn",
                  secrets
                      .createSecret(
                          r ->
                              r.name("ecs-medic/approval-links")
                                  .secretString(ApprovalScenario.LINK_SECRET))
                      .arn(),
                  "SlackApproverUserIds",
                  "U0ONCALL",
                  "SlackApproverTeamIds",
                  "T0OURS",
                  "LinkApprovals",
                  "Disabled");
            });
    scenario = new ApprovalScenario(stack);
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aClickFromSomeoneNotOnTheListOrFromAnotherWorkspaceDecidesNothingAndIsAudited()
      throws Exception {
    String incident = scenario.waitingForApproval("approvers-svc");

    JsonNode stranger = scenario.slackClick(incident, "U0MALLORY", "T0OURS");
    JsonNode otherWorkspace = scenario.slackClick(incident, "U0ONCALL", "T0SHARED");

    assertThat(stranger.path("statusCode").asInt()).isEqualTo(403);
    assertThat(stranger.path("body").asText()).contains("is not on the approvers list");
    assertThat(otherWorkspace.path("statusCode").asInt()).isEqualTo(403);
    assertThat(otherWorkspace.path("body").asText())
        .contains("clicks from workspace T0SHARED are not accepted");
    assertThat(scenario.table.approval(incident).orElseThrow().status()).isEqualTo("PENDING");
    assertThat(scenario.table.approvalDenials(incident))
        .extracting(ApprovalDenial::who, ApprovalDenial::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("u-U0MALLORY (Slack U0MALLORY)", "slack"),
            org.assertj.core.groups.Tuple.tuple("u-U0ONCALL (Slack U0ONCALL)", "slack"));
    assertThat(scenario.table.approvalDenials(incident).get(1).where()).contains("team T0SHARED");

    JsonNode alice = scenario.slackClick(incident, "U0ONCALL", "T0OURS");
    assertThat(alice.path("statusCode").asInt()).as("the allow-listed approver").isEqualTo(200);
    assertThat(stack.awaitExecution(scenario.execution(incident), Duration.ofSeconds(60)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void withLinkApprovalsDisabledNoLinkIsSentAndAGenuineOneIsRefused() throws Exception {
    String incident = scenario.waitingForApproval("nolinks-svc");
    JsonNode proposal = scenario.proposal(incident);
    ApprovalItem item = scenario.table.approval(incident).orElseThrow();
    String genuine =
        ApprovalLinks.link(
                URI.create("https://approvals.example/"),
                incident,
                "approve",
                item.expiresAt().getEpochSecond(),
                item.nonce(),
                ApprovalLinks.secretKey(ApprovalScenario.LINK_SECRET))
            .toString();

    JsonNode answer = scenario.submitLink(genuine);

    assertThat(proposal.has("approveUrl")).as("no link in the proposal").isFalse();
    assertThat(answer.path("statusCode").asInt()).isEqualTo(403);
    assertThat(answer.path("body").asText()).contains("Link approvals are disabled");
    assertThat(scenario.table.approval(incident).orElseThrow().status()).isEqualTo("PENDING");
    assertThat(scenario.table.approvalDenials(incident))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.source()).isEqualTo("link");
              assertThat(d.who()).isEqualTo("signed link, request " + item.noncePrefix());
              assertThat(d.where()).isEqualTo("from 192.0.2.30, user-agent MailScanner/1.0");
            });
  }

  @Test
  void theCliApprovesWithTheCallersAwsIdentityAndTheWorkflowProceeds() throws Exception {
    String incident = scenario.waitingForApproval("cli-svc");

    PackagedCli.Run run = scenario.cli("approve", incident);
    PackagedCli.Run again = scenario.cli("approve", incident);

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("Approved " + incident).contains("arn:aws:");
    assertThat(again.exit()).as("nothing left to decide").isEqualTo(4);
    assertThat(again.stderr()).contains("nothing decided").contains("approved");
    assertThat(stack.awaitExecution(scenario.execution(incident), Duration.ofSeconds(60)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    ApprovalItem decided = scenario.table.approval(incident).orElseThrow();
    assertThat(decided.decisionSource()).isEqualTo("cli");
    assertThat(decided.approver()).startsWith("arn:aws:");
    assertThat(scenario.records(incident).getLast().get("decision").s())
        .isEqualTo("REMEDIATION_STEADY");
    assertThat(scenario.records(incident).getLast().get("approver").s())
        .isEqualTo(decided.approver());
  }
}
