package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.AuditTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * From posture finding to fix (docs/posture.md): {@code ecs-medic scan --propose}, the packaged
 * CLI, starts the remediation workflow of a stack deployed with Mode PROPOSE and CLI approvals for
 * a rule the service fails; nothing changes until {@code ecs-medic approve}; then the workflow
 * applies the fix and the audit record names the approver and the rule. A second proposal of the
 * same rule starts no second workflow, and a passing rule is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostureProposalIT {
  static final String CLUSTER = "posture-fix";
  static final Pattern INCIDENT = Pattern.compile("incident (posture-[0-9a-f]{8}-\\d{8})");
  static final Duration WAIT = Duration.ofSeconds(90);

  LocalStackSession stack;
  AuditTable table;
  EcsClient ecs;

  @BeforeAll
  void deploy() throws Exception {
    Map<String, String> parameters = new HashMap<>(Fixtures.PROPOSE_BY_CLI);
    parameters.putAll(
        Map.of(
            "RemediationClusters",
            CLUSTER,
            "ApprovalTimeoutSeconds",
            "120",
            "VerifyIntervalSeconds",
            "1"));
    stack = LocalStackSession.open(Fixtures.ROOT, "ecs-medic-e2e-posture-fix", aws -> parameters);
    table = new AuditTable(stack.dynamo, stack.deployment.output("AuditTableName"));
    ecs = stack.aws.client(EcsClient.builder());
    PostureEstate estate = new PostureEstate(stack.aws, CLUSTER);
    withoutCircuitBreaker(estate, "pf-no-breaker");
    estate.behindTargetGroup("pf-alb");
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aFailingCircuitBreakerIsProposedWaitsForApprovalAndIsAppliedOnlyOnce() throws Exception {
    PackagedCli.Run proposed = propose("pf-no-breaker", "posture.circuit-breaker");

    assertThat(proposed.exit()).as(proposed.stderr()).isZero();
    String incident = incident(proposed);
    assertThat(proposed.stdout())
        .contains("Proposed ENABLE_CIRCUIT_BREAKER_ROLLBACK for " + CLUSTER + "/pf-no-breaker")
        .contains("ecs-medic approve " + incident);
    awaitPendingApproval(incident);
    assertThat(breaker("pf-no-breaker")).as("nothing changes before approval").isFalse();

    PackagedCli.Run again = propose("pf-no-breaker", "posture.circuit-breaker");
    assertThat(again.exit()).as(again.stderr()).isZero();
    assertThat(again.stdout())
        .contains("Already proposed today")
        .contains("incident " + incident)
        .contains("no second workflow started");
    assertThat(executionsOf(incident)).as("one workflow for the rule").isEqualTo(1);

    PackagedCli.Run approved = cli("approve", incident);
    assertThat(approved.exit()).as(approved.stderr()).isZero();
    assertThat(stack.awaitExecution(execution(incident), WAIT).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);

    assertThat(breaker("pf-no-breaker")).as("the fix is applied").isTrue();
    Map<String, AttributeValue> outcome = records(incident).getLast();
    ApprovalItem decided = table.approval(incident).orElseThrow();
    assertThat(outcome.get("decision").s()).isEqualTo("REMEDIATION_STEADY");
    assertThat(outcome.get("mode").s()).isEqualTo("PROPOSE");
    assertThat(outcome.get("approver").s()).isEqualTo(decided.approver()).startsWith("arn:aws:");
    assertThat(outcome.get("eventId").s()).startsWith("posture.circuit-breaker@");
    assertThat(outcome.get("summary").s()).contains("posture.circuit-breaker");
    assertThat(outcome.get("action").s()).contains("ENABLE_CIRCUIT_BREAKER_ROLLBACK");

    PackagedCli.Run afterFix = propose("pf-no-breaker", "posture.circuit-breaker");
    assertThat(afterFix.exit()).as("the rule passes now").isEqualTo(5);
    assertThat(afterFix.stderr()).contains("posture.circuit-breaker is PASS");
  }

  @Test
  void aZeroGracePeriodBehindATargetGroupIsProposedAsAnElbFailureAndFixedOnApproval()
      throws Exception {
    PackagedCli.Run proposed = propose("pf-alb", "posture.grace-period");

    assertThat(proposed.exit()).as(proposed.stderr()).isZero();
    String incident = incident(proposed);
    awaitPendingApproval(incident);
    assertThat(grace("pf-alb")).as("nothing changes before approval").isZero();

    assertThat(cli("approve", incident).exit()).isZero();
    assertThat(stack.awaitExecution(execution(incident), WAIT).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);

    assertThat(grace("pf-alb")).isEqualTo(120);
    Map<String, AttributeValue> outcome = records(incident).getLast();
    assertThat(outcome.get("decision").s()).isEqualTo("REMEDIATION_STEADY");
    assertThat(outcome.get("category").s()).isEqualTo("ELB_HEALTH_CHECK");
    assertThat(outcome.get("subcause").s()).isEqualTo("GRACE_PERIOD");
    assertThat(outcome.get("eventId").s()).startsWith("posture.grace-period@");
  }

  @Test
  void aPassingRuleIsRefusedWithItsEvidenceAndStartsNothing() throws Exception {
    PackagedCli.Run r = propose("pf-alb", "posture.circuit-breaker");

    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.stderr())
        .contains("Not proposed: posture.circuit-breaker is PASS on " + CLUSTER + "/pf-alb")
        .contains("enable=true rollback=true")
        .contains("only a FAIL is proposed");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void aRuleWithoutAWorkflowActionIsRefused() throws Exception {
    PackagedCli.Run r = propose("pf-alb", "posture.platform-version");

    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.stderr()).contains("posture.platform-version has no workflow action");
  }

  /** A Fargate service that passes most rules but has no deployment circuit breaker. */
  private static void withoutCircuitBreaker(PostureEstate estate, String name) {
    String td =
        estate.taskDefinition(
            name,
            "512",
            "1024",
            estate.role(name + "-task"),
            estate.role(name + "-exec"),
            PostureEstate.container("app")
                .image(
                    "123456789012.dkr.ecr.us-east-1.amazonaws.com/" + name + PostureEstate.DIGEST)
                .logConfiguration(
                    l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("mode", "non-blocking")))
                .healthCheck(h -> h.command("CMD-SHELL", "true"))
                .build());
    estate.service(
        name,
        td,
        b ->
            b.launchType(LaunchType.FARGATE)
                .platformVersion("LATEST")
                .desiredCount(2)
                .deploymentConfiguration(
                    d ->
                        d.minimumHealthyPercent(100)
                            .maximumPercent(200)
                            .deploymentCircuitBreaker(c -> c.enable(false).rollback(false))));
  }

  private PackagedCli.Run propose(String service, String rule) throws Exception {
    return PackagedCli.run(
        stack.aws,
        false,
        "scan",
        "--propose",
        rule,
        "--cluster",
        CLUSTER,
        "--service",
        service,
        "--state-machine-arn",
        stack.deployment.output("RemediationStateMachineArn"));
  }

  private PackagedCli.Run cli(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--table", stack.deployment.output("AuditTableName")));
    return PackagedCli.run(stack.aws, false, all.toArray(String[]::new));
  }

  private static String incident(PackagedCli.Run run) {
    Matcher m = INCIDENT.matcher(run.stdout());
    assertThat(m.find()).as(run.stdout()).isTrue();
    return m.group(1);
  }

  private void awaitPendingApproval(String incident) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (table.approval(incident).map(ApprovalItem::pending).orElse(false)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no approval request for " + incident);
  }

  private boolean breaker(String service) {
    Service live =
        ecs.describeServices(r -> r.cluster(CLUSTER).services(service)).services().getFirst();
    var breaker = live.deploymentConfiguration().deploymentCircuitBreaker();
    return breaker != null && breaker.enable() && breaker.rollback();
  }

  private int grace(String service) {
    return ecs.describeServices(r -> r.cluster(CLUSTER).services(service))
        .services()
        .getFirst()
        .healthCheckGracePeriodSeconds();
  }

  private String execution(String incident) {
    return stack
            .deployment
            .output("RemediationStateMachineArn")
            .replace(":stateMachine:", ":execution:")
        + ":"
        + incident;
  }

  private long executionsOf(String incident) {
    return stack
        .sfn
        .listExecutions(
            r -> r.stateMachineArn(stack.deployment.output("RemediationStateMachineArn")))
        .executions()
        .stream()
        .filter(e -> e.name().equals(incident))
        .count();
  }

  /** The workflow's audit records of the incident, oldest first. */
  private List<Map<String, AttributeValue>> records(String incident) {
    return stack.auditItems("CLUSTER#" + CLUSTER).stream()
        .filter(i -> i.containsKey("incidentId") && i.get("incidentId").s().equals(incident))
        .sorted((a, b) -> a.get("sk").s().compareTo(b.get("sk").s()))
        .toList();
  }
}
