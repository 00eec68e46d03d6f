package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.net.URI;
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
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The remediation workflow guards itself (docs/remediation.md, "The guards, in order"), end to end
 * with the real state machine and the real function: a direct invoke of its apply step changes
 * nothing; a service opted out while its approval waited is not changed; a second incident that
 * would propose the same change joins the open proposal instead of asking again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemediationGuardIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String LINK_SECRET = "local-test-link-secret-0123456789abcdef";

  final List<JsonNode> inbox = new ArrayList<>();
  LocalStackSession stack;
  EcsClient ecs;
  CloudTrailClient cloudTrail;

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-guard",
            aws ->
                Map.of(
                    // These tests approve through signed links, which are off by default.
                    "LinkApprovals",
                    "Enabled",
                    "ApprovalTimeoutSeconds",
                    "20",
                    "VerifyIntervalSeconds",
                    "1",
                    "ApprovalLinkSecretArn",
                    aws.client(SecretsManagerClient.builder())
                        .createSecret(
                            r -> r.name("ecs-medic/approval-links").secretString(LINK_SECRET))
                        .arn()));
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
  Service service(String name) {
    return FargateServices.oneTask(ecs, "prod", name);
  }

  Service live(String name) {
    return ecs.describeServices(r -> r.cluster("prod").services(name)).services().getFirst();
  }

  /** The workflow input triage would send for an OOM on prod/{service} proposing RAISE_MEMORY. */
  static ObjectNode input(String service) {
    String incident = service + "-" + UUID.randomUUID().toString().substring(0, 8);
    ObjectNode in =
        Json.MAPPER
            .createObjectNode()
            .put("incidentId", incident)
            .put("eventId", "evt-" + incident)
            .put("mode", "PROPOSE")
            .put("auditExpiresAt", Instant.now().plus(Duration.ofDays(90)).getEpochSecond());
    ObjectNode finding =
        in.putObject("finding")
            .put("category", "OOM")
            .put("subcause", "CONTAINER_LIMIT")
            .put("summary", service + ": container app was killed for exceeding its memory limit");
    finding.putObject("resource").put("cluster", "prod").put("service", service);
    finding.withArray("actions").addObject().put("type", "RAISE_MEMORY").put("title", "raise");
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

  List<Map<String, AttributeValue>> records(String incidentId) {
    return stack.auditItems("CLUSTER#prod").stream()
        .filter(i -> i.containsKey("incidentId") && i.get("incidentId").s().equals(incidentId))
        .sorted((a, b) -> a.get("sk").s().compareTo(b.get("sk").s()))
        .toList();
  }

  List<String> decisions(String incidentId) {
    return records(incidentId).stream().map(i -> i.get("decision").s()).toList();
  }

  /** Mutating ECS calls since {@code since} (CloudTrail LookupEvents of the emulator). */
  List<String> mutatingEcsCalls(Instant since) {
    List<String> out = new ArrayList<>();
    for (Event e :
        cloudTrail
            .lookupEvents(
                r ->
                    r.startTime(since)
                        .lookupAttributes(a -> a.attributeKey("ReadOnly").attributeValue("false"))
                        .maxResults(50))
            .events()) {
      JsonNode detail = RemediationWorkflowIT.readTree(e.cloudTrailEvent());
      String name = e.eventName();
      if (detail.path("eventSource").asText().equals("ecs.amazonaws.com")
          && !name.startsWith("Describe")
          && !name.startsWith("List")) {
        out.add(name);
      }
    }
    return out;
  }

  /** Messages on the alert topic of {@code kind} for an incident, waiting up to 20 s for one. */
  JsonNode awaitMessage(String kind, String incidentId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode m : inbox) {
        if (m.path("kind").asText().equals(kind)
            && m.path("incidentId").asText().equals(incidentId)) {
          return m;
        }
      }
      inbox.addAll(stack.alerts(0, Duration.ofSeconds(1)));
    }
    throw new AssertionError("no " + kind + " message for incident " + incidentId);
  }

  JsonNode submitLink(String url) throws Exception {
    return stack.invokeFunctionUrl(
        "ApprovalFunction",
        "POST",
        "/approve",
        Map.of("content-type", "application/x-www-form-urlencoded"),
        URI.create(url).getRawQuery(),
        "192.0.2.10");
  }

  @Test
  void aDirectApplyInvokeWithoutAnApprovedPlanChangesNothingAndIsAuditedAsRefused()
      throws Exception {
    Service before = service("direct-apply");
    ObjectNode state = input("direct-apply");
    String incident = state.get("incidentId").asText();
    ObjectNode enrichment = state.putObject("enrichment").put("found", true);
    enrichment
        .putObject("service")
        .put("taskDefinition", before.taskDefinition())
        .put("primaryDeploymentId", before.deployments().getFirst().id());
    ObjectNode action =
        state
            .putObject("plan")
            .put("decision", "AUTO")
            .putObject("action")
            .put("type", "RAISE_MEMORY");
    action.put("undo", "-");
    action
        .putObject("params")
        .put("cluster", "prod")
        .put("service", "direct-apply")
        .put("taskDefinition", before.taskDefinition())
        .put("fromCpu", 512)
        .put("fromMemory", 1024)
        .put("toCpu", 4096)
        .put("toMemory", 30720);
    Thread.sleep(500);
    Instant since = Instant.now();

    ObjectNode request = Json.MAPPER.createObjectNode().put("step", "recheck");
    request.set("state", state);
    JsonNode recheck = stack.invoke("RemediationFunction", request.toString());
    request.put("step", "apply");
    JsonNode applied = stack.invoke("RemediationFunction", request.toString());

    assertThat(recheck.at("/recheck/ok").asBoolean(true)).isFalse();
    assertThat(recheck.at("/recheck/reason").asText())
        .isEqualTo("no plan was stored for incident " + incident);
    assertThat(applied.path("errorMessage").asText())
        .as("the step fails: " + applied)
        .contains("no plan was stored for incident " + incident);
    Service after = live("direct-apply");
    assertThat(after.taskDefinition()).isEqualTo(before.taskDefinition());
    assertThat(after.desiredCount()).isEqualTo(before.desiredCount());
    assertThat(mutatingEcsCalls(since)).as("no RegisterTaskDefinition, no UpdateService").isEmpty();
    assertThat(decisions(incident)).containsExactly("REMEDIATION_REFUSED");
    assertThat(records(incident).getFirst().get("detail").s())
        .contains("no plan was stored")
        .endsWith("nothing was applied");
  }

  @Test
  void aServiceOptedOutWhileItsApprovalWaitedIsNotChanged() throws Exception {
    Service before = service("opted-out");
    ObjectNode input = input("opted-out");
    String incident = input.get("incidentId").asText();
    String execution = start(input);
    JsonNode proposal = awaitMessage("proposal", incident);
    ecs.tagResource(
        r -> r.resourceArn(before.serviceArn()).tags(t -> t.key("ecs-medic:mode").value("off")));
    Thread.sleep(500);
    Instant since = Instant.now();

    JsonNode approved = submitLink(proposal.path("approveUrl").asText());
    var run = stack.awaitExecution(execution, WAIT);

    assertThat(approved.path("statusCode").asInt()).isEqualTo(200);
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(incident)).containsExactly("REMEDIATION_PROPOSED", "REMEDIATION_ABORTED");
    assertThat(records(incident).getLast().get("detail").s())
        .contains("opted out: the service's ecs-medic:mode tag is now off");
    assertThat(awaitMessage("remediation", incident).path("detail").asText())
        .as("the alert says why")
        .contains("opted out");
    assertThat(mutatingEcsCalls(since)).isEmpty();
    assertThat(live("opted-out").taskDefinition()).isEqualTo(before.taskDefinition());
  }

  @Test
  void aSecondIncidentProposingTheSameChangeJoinsTheOpenProposal() throws Exception {
    service("twice");
    ObjectNode first = input("twice");
    ObjectNode second = input("twice");
    String firstIncident = first.get("incidentId").asText();
    String secondIncident = second.get("incidentId").asText();
    String firstRun = start(first);
    JsonNode proposal = awaitMessage("proposal", firstIncident);

    var secondRun = stack.awaitExecution(start(second), WAIT);

    assertThat(secondRun.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(secondIncident)).containsExactly("REMEDIATION_JOINED");
    assertThat(records(secondIncident).getFirst().get("detail").s())
        .contains("joins the open proposal of incident " + firstIncident);
    assertThat(awaitMessage("remediation", secondIncident).path("decision").asText())
        .isEqualTo("REMEDIATION_JOINED");
    assertThat(stack.auditItems("APPROVAL#twice-"))
        .as("one approval request for the two incidents")
        .extracting(i -> i.get("pk").s())
        .containsExactly("APPROVAL#" + firstIncident);
    Map<String, AttributeValue> open = stack.auditItems("PROPOSAL#prod/twice#").getFirst();
    assertThat(open.get("incidentId").s()).isEqualTo(firstIncident);
    assertThat(open.get("joined").ss()).containsExactly(secondIncident);

    // Once the first is decided, the same change may be proposed again.
    assertThat(submitLink(proposal.path("rejectUrl").asText()).path("statusCode").asInt())
        .isEqualTo(200);
    assertThat(stack.awaitExecution(firstRun, WAIT).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    ObjectNode third = input("twice");
    String thirdRun = start(third);
    JsonNode again = awaitMessage("proposal", third.get("incidentId").asText());
    submitLink(again.path("rejectUrl").asText());
    assertThat(stack.awaitExecution(thirdRun, WAIT).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(third.get("incidentId").asText()))
        .containsExactly("REMEDIATION_PROPOSED", "REMEDIATION_REJECTED");
  }
}
