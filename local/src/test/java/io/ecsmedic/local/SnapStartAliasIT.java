package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.SnapStartApplyOn;
import software.amazon.awssdk.services.lambda.model.SnapStartOptimizationStatus;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The stack as the emulator's SAM transform deploys it: every function serves its alias from a
 * published SnapStart version, and every rule, schedule, state machine task and the function URL
 * invoke that alias, never $LATEST (SnapStartContractTest checks the template itself). An
 * invocation of the alias reaches the local Lambda host and runs with the function's own role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapStartAliasIT {
  private static final String STACK = "ecs-medic-e2e-snapstart";
  private static final String ALIAS = SnapStartContractTest.ALIAS;
  private static final List<String> FUNCTIONS =
      List.of(
          "TriageFunction",
          "DigestFunction",
          "RemediationFunction",
          "ApprovalFunction",
          "EcrHygieneFunction",
          "PostureScanFunction");

  private LocalStackSession stack;
  private List<StackResource> resources;

  @BeforeAll
  void deploy() throws Exception {
    // The approval function and the ECR cleanup machine exist only when configured.
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            STACK,
            aws ->
                Map.of(
                    "EcrCleanupApproval",
                    "Enabled",
                    "SlackSigningSecretArn",
                    aws.client(SecretsManagerClient.builder())
                        .createSecret(r -> r.name("ecs-medic/slack-signing").secretString("s"))
                        .arn(),
                    "SlackApproverUserIds",
                    "U1",
                    "SlackApproverTeamIds",
                    "T1"));
    resources =
        stack.cloudFormation.describeStackResources(r -> r.stackName(STACK)).stackResources();
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  private String function(String logicalId) {
    return stack.deployment.resources().get(logicalId);
  }

  private List<String> physicalIds(String type) {
    return resources.stream()
        .filter(r -> r.resourceType().equals(type))
        .map(StackResource::physicalResourceId)
        .toList();
  }

  /** Function ARNs end in :NAME:live; another qualifier, or none, is not the alias. */
  private boolean isAliasOfAFunction(String arn) {
    return FUNCTIONS.stream().anyMatch(f -> arn.endsWith(":function:" + function(f) + ":" + ALIAS));
  }

  @Test
  void everyFunctionServesItsAliasFromAPublishedSnapStartVersion() {
    for (String logicalId : FUNCTIONS) {
      String name = function(logicalId);
      String version =
          stack.lambda.getAlias(r -> r.functionName(name).name(ALIAS)).functionVersion();
      GetFunctionConfigurationResponse live =
          stack.lambda.getFunctionConfiguration(r -> r.functionName(name).qualifier(ALIAS));

      assertThat(version).as(logicalId + "'s alias").matches("[0-9]+");
      assertThat(live.snapStart().applyOn())
          .as(logicalId)
          .isEqualTo(SnapStartApplyOn.PUBLISHED_VERSIONS);
      assertThat(live.snapStart().optimizationStatus())
          .as(logicalId + ": a published version is snapshotted")
          .isEqualTo(SnapStartOptimizationStatus.ON);
    }
  }

  @Test
  void everyRuleAndScheduleTargetsTheAlias() {
    List<String> targets = new ArrayList<>();
    for (String rule : physicalIds("AWS::Events::Rule")) {
      String name = rule.contains("/") ? rule.substring(rule.lastIndexOf('/') + 1) : rule;
      stack
          .events
          .listTargetsByRule(r -> r.rule(name))
          .targets()
          .forEach(t -> targets.add(t.arn()));
    }
    SchedulerClient scheduler = stack.aws.client(SchedulerClient.builder());
    for (String schedule : physicalIds("AWS::Scheduler::Schedule")) {
      String name =
          schedule.contains("/") ? schedule.substring(schedule.lastIndexOf('/') + 1) : schedule;
      targets.add(scheduler.getSchedule(r -> r.name(name)).target().arn());
    }

    assertThat(targets)
        .as("five triage rules, the digest's rule, two weekly schedules, the approval's keep-warm")
        .hasSize(9)
        .allMatch(this::isAliasOfAFunction);
  }

  @Test
  void everyStateMachineTaskInvokesTheAlias() throws Exception {
    List<String> machines = physicalIds("AWS::StepFunctions::StateMachine");
    assertThat(machines).as("remediation and ECR cleanup").hasSize(2);
    for (String arn : machines) {
      List<String> invoked = new ArrayList<>();
      Json.MAPPER
          .readTree(stack.sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition())
          .findValues("FunctionName")
          .forEach(v -> invoked.add(v.asText()));

      assertThat(invoked).as(arn).isNotEmpty().allMatch(this::isAliasOfAFunction);
    }
  }

  @Test
  void theApprovalUrlAndTheRulesPermissionsAreTheAlias() {
    String approval = function("ApprovalFunction");

    assertThat(
            stack
                .lambda
                .getFunctionUrlConfig(r -> r.functionName(approval).qualifier(ALIAS))
                .functionUrl())
        .isEqualTo(stack.deployment.output("ApprovalUrl"));
    String triagePolicy =
        stack
            .lambda
            .getPolicy(r -> r.functionName(function("TriageFunction")).qualifier(ALIAS))
            .policy();
    assertThat(triagePolicy)
        .as("EventBridge may invoke the alias")
        .contains("events.amazonaws.com")
        .contains(":" + ALIAS);
  }

  /**
   * Lambda proxies an alias's invocation to the local host by function name; the host builds the
   * handler from the function's configuration and role, and under IAM enforcement triage's calls
   * (the claim, the incident, the alert) succeed only with its own role's keys.
   */
  @Test
  void anInvocationOfTheAliasRunsTheFunctionWithItsOwnRole() throws Exception {
    ObjectNode event = Fixtures.event("task-state-change/oom-container-limit.json").deepCopy();
    event.put("id", "e-snapstart-alias");

    JsonNode result =
        Json.MAPPER.readTree(
            stack
                .lambda
                .invoke(
                    r ->
                        r.functionName(function("TriageFunction"))
                            .qualifier(ALIAS)
                            .payload(SdkBytes.fromUtf8String(event.toString())))
                .payload()
                .asByteArray());
    JsonNode alert = stack.alerts(1, Duration.ofSeconds(30)).getFirst();

    assertThat(result.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(alert.path("eventId").asText()).isEqualTo("e-snapstart-alias");
  }
}
