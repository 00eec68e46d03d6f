package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The stack as a first deploy gets it: nothing but the parameters the local emulator itself needs.
 * It must work without an approver (Mode OBSERVE), refuse a mode that needs one when none is
 * configured (the template's Rules, which the emulator evaluates like CloudFormation), and come
 * with its own log groups, logging and alarms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployDefaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String STACK = "ecs-medic-e2e-defaults";
  private LocalStackSession stack;

  @BeforeAll
  void deploy() throws Exception {
    stack = LocalStackSession.open(Fixtures.ROOT, STACK);
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theDefaultModeAlertsAndStartsNoWorkflow() throws Exception {
    ObjectNode event = Fixtures.event("task-state-change/oom-container-limit.json").deepCopy();
    event.put("id", "e-defaults-1");

    JsonNode result = stack.invoke("TriageFunction", event.toString());
    JsonNode alert = stack.alerts(1, WAIT).getFirst();

    assertThat(stack.deployment.output("Mode")).isEqualTo("OBSERVE");
    assertThat(result.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(result.path("mode").asText()).isEqualTo("OBSERVE");
    assertThat(alert.path("eventId").asText()).isEqualTo("e-defaults-1");
    String stateMachine = stack.deployment.output("RemediationStateMachineArn");
    assertThat(stack.sfn.listExecutions(r -> r.stateMachineArn(stateMachine)).executions())
        .as("OBSERVE proposes nothing, so nothing waits for an approver")
        .isEmpty();
  }

  @Test
  void proposingWithoutAnApproverIsRefusedAtDeploy() {
    StackDeployer deployer =
        new StackDeployer(
            stack.cloudFormation,
            stack.aws.client(S3Client.builder().forcePathStyle(true)),
            Fixtures.ROOT,
            "ecs-medic-artifacts");

    for (String mode : new String[] {"PROPOSE", "AUTO"}) {
      assertThatThrownBy(() -> deployer.deploy("ecs-medic-e2e-no-approver", Map.of("Mode", mode)))
          .as(mode)
          .hasMessageContaining("ProposalsNeedAnApprover")
          .hasMessageContaining("needs an approver");
    }
    // Links that are configured but not enabled approve nothing either.
    assertThatThrownBy(
            () ->
                deployer.deploy(
                    "ecs-medic-e2e-no-approver",
                    Map.of(
                        "Mode",
                        "PROPOSE",
                        "ApprovalLinkSecretArn",
                        "arn:aws:secretsmanager:us-east-1:000000000000:secret:links",
                        "LinkApprovals",
                        "Disabled")))
        .hasMessageContaining("needs an approver");
  }

  @Test
  void everyFunctionAndStateMachineLogsToItsOwnGroupWithRetention() {
    Map<String, Integer> retention = new TreeMap<>();
    for (LogGroup g :
        stack
            .aws
            .client(CloudWatchLogsClient.builder())
            .describeLogGroups(r -> r.logGroupNamePrefix("/aws/"))
            .logGroups()) {
      if (g.logGroupName().contains("/" + STACK + "/")) {
        retention.put(g.logGroupName(), g.retentionInDays());
      }
    }
    assertThat(retention)
        .containsOnly(
            Map.entry("/aws/lambda/" + STACK + "/triage", 30),
            Map.entry("/aws/lambda/" + STACK + "/digest", 30),
            Map.entry("/aws/lambda/" + STACK + "/remediation", 30),
            Map.entry("/aws/lambda/" + STACK + "/ecr-hygiene", 30),
            Map.entry("/aws/lambda/" + STACK + "/posture-scan", 30),
            Map.entry("/aws/vendedlogs/states/" + STACK + "/remediation", 30));

    String triage = stack.deployment.resources().get("TriageFunction");
    assertThat(
            stack
                .lambda
                .getFunctionConfiguration(r -> r.functionName(triage))
                .loggingConfig()
                .logGroup())
        .isEqualTo("/aws/lambda/" + STACK + "/triage");
    // The state machines' Logging is checked in TemplateContractTest only: MiniStack 1.5.33 keeps
    // CloudFormation's LoggingConfiguration keys (Level, ...) and DescribeStateMachine returns them
    // so, where the API has level, ... (docs/local-stack.md).
  }

  @Test
  void itsOwnAlarmsAndDashboardAreDeployedAndTheOpsTopicIsAnOutput() {
    assertThat(stack.deployment.resources())
        .containsKeys(
            "OpsTopic",
            "DeadLetterQueueAlarm",
            "ParkedEventsAlarm",
            "HeartbeatAlarm",
            "TriageFunctionErrorsAlarm",
            "TriageFunctionThrottlesAlarm",
            "RemediationStateMachineExecutionsFailedAlarm",
            "Dashboard")
        .doesNotContainKeys("ApprovalFunctionErrorsAlarm", "EcrCleanupStateMachineLogGroup");
    assertThat(stack.deployment.output("OpsTopicArn")).startsWith("arn:aws:sns:");
    assertThat(stack.deployment.output("DashboardUrl")).contains("#dashboards:name=");
  }
}
