package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.ApprovalRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A link is bound to one approval request: on a deployed stack with link approvals Enabled, the
 * link of a request that a later request of the same incident replaced decides nothing; {@code
 * ecs-medic reject} then stops the workflow, and the audit names the caller and the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalLinkReuseIT {
  LocalStackSession stack;
  ApprovalScenario scenario;

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-links",
            aws ->
                Map.of(
                    "ApprovalTimeoutSeconds",
                    "120",
                    "ApprovalLinkSecretArn",
                    aws.client(SecretsManagerClient.builder())
                        .createSecret(
                            r ->
                                r.name("ecs-medic/approval-links")
                                    .secretString(ApprovalScenario.LINK_SECRET))
                        .arn(),
                    "LinkApprovals",
                    "Enabled"));
    scenario = new ApprovalScenario(stack);
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aLinkReusedOnARewrittenRequestIsRefusedAndTheCliRejectsWithAReason() throws Exception {
    String incident = scenario.waitingForApproval("reuse-svc");
    String oldLink = scenario.proposal(incident).path("approveUrl").asText();
    ApprovalItem first = scenario.table.approval(incident).orElseThrow();
    // The same incident asks again (a retried request step): a new request with a new nonce.
    ApprovalRequest rewritten =
        new ApprovalRequest(
            incident,
            first.taskToken(),
            Instant.now(),
            first.expiresAt(),
            first.cluster(),
            first.service(),
            first.summary());
    scenario.table.putApprovalRequest(rewritten);

    JsonNode reused = scenario.submitLink(oldLink);

    assertThat(oldLink).contains("request=" + first.nonce());
    assertThat(rewritten.nonce()).isNotEqualTo(first.nonce());
    assertThat(reused.path("statusCode").asInt()).isEqualTo(409);
    assertThat(reused.path("body").asText()).contains("This link is for an earlier request");
    assertThat(scenario.table.approval(incident).orElseThrow().status()).isEqualTo("PENDING");
    assertThat(scenario.table.approvalDenials(incident))
        .singleElement()
        .satisfies(
            d -> assertThat(d.who()).isEqualTo("signed link, request " + first.noncePrefix()));

    PackagedCli.Run run = scenario.cli("reject", incident, "--reason", "fix is\u202E in review");

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(stack.awaitExecution(scenario.execution(incident), Duration.ofSeconds(60)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(scenario.records(incident).getLast().get("decision").s())
        .isEqualTo("REMEDIATION_REJECTED");
    assertThat(scenario.records(incident).getLast().get("approver").s())
        .contains("rejected by arn:aws:")
        .contains(": fix is in review");
  }
}
