package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The remediation state machine, executed by the emulator with the real steps function: every path
 * ends in one audit record, and the exact AWS calls are read back from the emulator's CloudTrail
 * (LookupEvents), which is how a mutation that the emulator does not visibly simulate is proved.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemediationWorkflowIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final List<String> MUTATING_SOURCES =
      List.of("ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "logs.amazonaws.com");

  LocalStackSession stack;
  EcsClient ecs;
  CloudTrailClient cloudTrail;

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-remediation",
            aws ->
                Map.of(
                    "ApprovalTimeoutSeconds", "8",
                    "VerifyIntervalSeconds", "1",
                    "AutoClusters", "prod"));
    ecs = stack.aws.client(EcsClient.builder());
    cloudTrail = stack.aws.client(CloudTrailClient.builder());
    ecs.createCluster(r -> r.clusterName("prod"));
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  /** A Fargate service of one task (cpu 512, memory 1024) running revision 1 of its family. */
  String service(String name) {
    String td =
        ecs.registerTaskDefinition(
                r ->
                    r.family(name)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu("512")
                        .memory("1024")
                        .containerDefinitions(
                            c ->
                                c.name("app")
                                    .image("public.ecr.aws/nginx/nginx:1.27")
                                    .essential(true)))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.createService(
        r ->
            r.cluster("prod")
                .serviceName(name)
                .taskDefinition(td)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE));
    return td;
  }

  /** The workflow input triage would send for a finding on prod/{service} with these actions. */
  static ObjectNode input(String service, String mode, String... actions) {
    String incident = service + "-" + UUID.randomUUID().toString().substring(0, 8);
    ObjectNode in =
        Json.MAPPER
            .createObjectNode()
            .put("incidentId", incident)
            .put("eventId", "evt-" + incident)
            .put("mode", mode)
            .put("auditExpiresAt", Instant.now().plus(Duration.ofDays(90)).getEpochSecond());
    ObjectNode finding =
        in.putObject("finding")
            .put("category", "OOM")
            .put("subcause", "CONTAINER_LIMIT")
            .put(
                "summary",
                service + ": container app was killed for exceeding its memory limit (OOM)");
    finding.putObject("resource").put("cluster", "prod").put("service", service);
    for (String a : actions) {
      finding.withArray("actions").addObject().put("type", a).put("title", "proposed " + a);
    }
    return in;
  }

  String start(ObjectNode input) {
    return stack
        .sfn
        .startExecution(
            r ->
                r.stateMachineArn(stack.deployment.output("RemediationStateMachineArn"))
                    .name(input.get("incidentId").asText())
                    .input(input.toString()))
        .executionArn();
  }

  DescribeExecutionResponse awaitEnd(String executionArn) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    DescribeExecutionResponse run;
    do {
      run = stack.sfn.describeExecution(r -> r.executionArn(executionArn));
      if (run.status() != ExecutionStatus.RUNNING) {
        return run;
      }
      Thread.sleep(250);
    } while (Instant.now().isBefore(deadline));
    return run;
  }

  /** The workflow's audit records of an incident, oldest first. */
  List<Map<String, AttributeValue>> records(String incidentId) {
    return stack.auditItems("CLUSTER#prod").stream()
        .filter(i -> i.containsKey("incidentId") && i.get("incidentId").s().equals(incidentId))
        .sorted((a, b) -> a.get("sk").s().compareTo(b.get("sk").s()))
        .toList();
  }

  List<String> decisions(String incidentId) {
    return records(incidentId).stream().map(i -> i.get("decision").s()).toList();
  }

  /** Mutating ECS / ELBv2 / Logs calls since {@code since}, as "EventName", newest first. */
  List<Event> mutatingCalls(Instant since) {
    List<Event> out = new ArrayList<>();
    for (Event e :
        cloudTrail
            .lookupEvents(
                r ->
                    r.startTime(since)
                        .lookupAttributes(a -> a.attributeKey("ReadOnly").attributeValue("false"))
                        .maxResults(50))
            .events()) {
      JsonNode detail = readTree(e.cloudTrailEvent());
      if (MUTATING_SOURCES.contains(detail.path("eventSource").asText())) {
        out.add(e);
      }
    }
    return out;
  }

  static JsonNode readTree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void observeRecordsWhatItWouldDoAndChangesNothing() throws Exception {
    service("observe-svc");
    Instant since = Instant.now();
    ObjectNode input = input("observe-svc", "OBSERVE", "FORCE_NEW_DEPLOYMENT");

    DescribeExecutionResponse run = awaitEnd(start(input));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(input.get("incidentId").asText())).containsExactly("REMEDIATION_OBSERVED");
    assertThat(mutatingCalls(since)).isEmpty();
  }

  @Test
  void autoAppliesAnAllowListedLowRiskActionAndVerifiesTheDeployment() throws Exception {
    service("auto-svc");
    Instant since = Instant.now();
    ObjectNode input = input("auto-svc", "AUTO", "FORCE_NEW_DEPLOYMENT");

    DescribeExecutionResponse run = awaitEnd(start(input));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String incident = input.get("incidentId").asText();
    assertThat(decisions(incident)).containsExactly("REMEDIATION_STEADY");
    assertThat(records(incident).getFirst().get("calls").l())
        .extracting(AttributeValue::s)
        .containsExactly("ecs:UpdateService forceNewDeployment=true");
    List<Event> calls = mutatingCalls(since);
    assertThat(calls).extracting(Event::eventName).containsExactly("UpdateService");
    JsonNode request = readTree(calls.getFirst().cloudTrailEvent()).path("requestParameters");
    assertThat(request.path("forceNewDeployment").asBoolean()).isTrue();
    assertThat(request.path("service").asText()).isEqualTo("auto-svc");
  }

  @Test
  void aProposalNobodyApprovesExpiresAndChangesNothing() throws Exception {
    service("timeout-svc");
    Instant since = Instant.now();
    ObjectNode input = input("timeout-svc", "PROPOSE", "RAISE_MEMORY");

    DescribeExecutionResponse run = awaitEnd(start(input));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(input.get("incidentId").asText()))
        .containsExactly("REMEDIATION_PROPOSED", "REMEDIATION_EXPIRED");
    assertThat(mutatingCalls(since)).isEmpty();
  }
}
