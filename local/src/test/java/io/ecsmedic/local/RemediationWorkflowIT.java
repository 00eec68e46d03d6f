package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
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

  static final String LINK_SECRET = "local-test-link-secret-0123456789abcdef";
  static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  final List<JsonNode> inbox = new ArrayList<>();
  LocalStackSession stack;
  EcsClient ecs;
  CloudTrailClient cloudTrail;

  /** Slack's Web API stand-in: records chat.postMessage bodies and answers like Slack. */
  final List<JsonNode> slackPosts = new java.util.concurrent.CopyOnWriteArrayList<>();

  HttpServer slack;

  @BeforeAll
  void deploy() throws Exception {
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext(
        "/api/chat.postMessage",
        exchange -> {
          slackPosts.add(Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
          byte[] answer =
              "{\"ok\":true,\"channel\":\"C0ONCALL\",\"ts\":\"1700000000.000100\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    slack.start();
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-remediation",
            aws -> {
              SecretsManagerClient secrets = aws.client(SecretsManagerClient.builder());
              Map<String, String> parameters =
                  new java.util.HashMap<>(
                      Map.of(
                          "ApprovalTimeoutSeconds",
                          "15",
                          "VerifyIntervalSeconds",
                          "1",
                          "AutoClusters",
                          "prod",
                          "AutoActions",
                          "FORCE_NEW_DEPLOYMENT,SET_DEREGISTRATION_DELAY,SET_HEALTH_CHECK_GRACE_PERIOD,"
                              + "ENABLE_CIRCUIT_BREAKER_ROLLBACK,CREATE_LOG_GROUP,ENABLE_EXECUTE_COMMAND",
                          "ApprovalLinkSecretArn",
                          secrets
                              .createSecret(
                                  r -> r.name("ecs-medic/approval-links").secretString(LINK_SECRET))
                              .arn(),
                          "SlackBotTokenSecretArn",
                          secrets
                              .createSecret(
                                  r -> r.name("ecs-medic/slack-bot").secretString("xoxb-test"))
                              .arn(),
                          "SlackChannel",
                          "#oncall",
                          "SlackApiBaseUrl",
                          "http://127.0.0.1:" + slack.getAddress().getPort() + "/api/",
                          "SlackSigningSecretArn",
                          secrets
                              .createSecret(
                                  r -> r.name("ecs-medic/slack-signing").secretString(SLACK_SECRET))
                              .arn()));
              // Links and the Slack buttons of alice (U0ONCALL of workspace T0ONCALL) may decide.
              parameters.putAll(
                  Map.of(
                      "Mode",
                      "PROPOSE",
                      "LinkApprovals",
                      "Enabled",
                      "SlackApproverUserIds",
                      "U0ONCALL",
                      "SlackApproverTeamIds",
                      "T0ONCALL"));
              return parameters;
            });
    ecs = stack.aws.client(EcsClient.builder());
    cloudTrail = stack.aws.client(CloudTrailClient.builder());
    ecs.createCluster(r -> r.clusterName("prod"));
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
    if (slack != null) {
      slack.stop(0);
    }
  }

  /**
   * The moment after which CloudTrail shows only the workflow's calls: the emulator records a call
   * as it finishes handling it, so the test's own setup calls get half a second to land first.
   */
  static Instant settled() throws InterruptedException {
    Thread.sleep(500);
    return Instant.now();
  }

  /** A Fargate service of one task (cpu 512, memory 1024) running revision 1 of its family. */
  String service(String name) {
    return FargateServices.oneTask(ecs, "prod", name).taskDefinition();
  }

  /**
   * A service behind a target group (left at the 300 s default deregistration delay), whose task
   * definition logs to a log group that does not exist yet.
   */
  String serviceBehindTargetGroup(String name) {
    ElasticLoadBalancingV2Client elb = stack.aws.client(ElasticLoadBalancingV2Client.builder());
    String vpc = stack.aws.client(Ec2Client.builder()).describeVpcs().vpcs().getFirst().vpcId();
    String tg =
        elb.createTargetGroup(
                r ->
                    r.name(name + "-tg")
                        .protocol(ProtocolEnum.HTTP)
                        .port(8080)
                        .vpcId(vpc)
                        .targetType(TargetTypeEnum.IP))
            .targetGroups()
            .getFirst()
            .targetGroupArn();
    String td =
        ecs.registerTaskDefinition(
                r ->
                    r.family(name)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(
                            c ->
                                c.name("app")
                                    .image("public.ecr.aws/nginx/nginx:1.27")
                                    .essential(true)
                                    .portMappings(p -> p.containerPort(8080))
                                    .logConfiguration(
                                        l ->
                                            l.logDriver(LogDriver.AWSLOGS)
                                                .options(
                                                    Map.of(
                                                        "awslogs-group", "/ecs/" + name,
                                                        "awslogs-region", "us-east-1",
                                                        "awslogs-stream-prefix", "app")))))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.createService(
        r ->
            r.cluster("prod")
                .serviceName(name)
                .taskDefinition(td)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE)
                .loadBalancers(
                    lb -> lb.targetGroupArn(tg).containerName("app").containerPort(8080)));
    return tg;
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

  /**
   * Mutating ECS / ELBv2 / Logs calls since {@code since}, newest first, by API name. The emulator
   * records Query-protocol calls (ELBv2) as "POST.elasticloadbalancing" and marks them all
   * mutating, so their name is taken from the request's Action, and reads are dropped here.
   */
  List<String> mutatingCalls(Instant since) {
    List<String> out = new ArrayList<>();
    for (Event e :
        cloudTrail
            .lookupEvents(
                r ->
                    r.startTime(since)
                        .lookupAttributes(a -> a.attributeKey("ReadOnly").attributeValue("false"))
                        .maxResults(50))
            .events()) {
      JsonNode detail = readTree(e.cloudTrailEvent());
      if (!MUTATING_SOURCES.contains(detail.path("eventSource").asText())) {
        continue;
      }
      String name = e.eventName();
      if (name.startsWith("POST.")) {
        name = detail.at("/requestParameters/Action").asText(name);
      }
      if (!name.startsWith("Describe") && !name.startsWith("Get") && !name.startsWith("List")) {
        out.add(name);
      }
    }
    return out;
  }

  /** The CloudTrail record of the newest call of that name since {@code since}. */
  JsonNode lastCall(String name, Instant since) {
    return cloudTrail
        .lookupEvents(
            r ->
                r.startTime(since)
                    .lookupAttributes(a -> a.attributeKey("EventName").attributeValue(name))
                    .maxResults(1))
        .events()
        .stream()
        .map(e -> readTree(e.cloudTrailEvent()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " call since " + since));
  }

  static JsonNode readTree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The proposal message of an incident (kind=proposal), keeping every other message. */
  JsonNode awaitProposal(String incidentId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode m : inbox) {
        if (m.path("kind").asText().equals("proposal")
            && m.path("incidentId").asText().equals(incidentId)) {
          return m;
        }
      }
      inbox.addAll(stack.alerts(0, Duration.ofSeconds(1)));
    }
    throw new AssertionError("no proposal for incident " + incidentId);
  }

  /** Invokes the approval function as its function URL would (payload format 2.0). */
  JsonNode approvalRequest(String method, String path, Map<String, String> headers, String body)
      throws Exception {
    return stack.invokeFunctionUrl("ApprovalFunction", method, path, headers, body, "192.0.2.10");
  }

  /** Submits the confirmation form of a signed e-mail link (the POST that decides). */
  JsonNode submitLink(String url) throws Exception {
    return approvalRequest(
        "POST",
        "/approve",
        Map.of("content-type", "application/x-www-form-urlencoded"),
        URI.create(url).getRawQuery());
  }

  /** A Slack button click, signed like Slack signs it (v0, HMAC-SHA256 of v0:timestamp:body). */
  JsonNode slackClick(String actionId, String incidentId, long timestamp) throws Exception {
    String payload =
        Json.MAPPER
            .createObjectNode()
            .put("type", "block_actions")
            .set(
                "user",
                Json.MAPPER
                    .createObjectNode()
                    .put("id", "U0ONCALL")
                    .put("username", "alice")
                    .put("team_id", "T0ONCALL"))
            .toString();
    ObjectNode p = (ObjectNode) readTree(payload);
    p.putArray("actions").addObject().put("action_id", actionId).put("value", incidentId);
    String body = "payload=" + URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SLACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature =
        "v0="
            + HexFormat.of()
                .formatHex(
                    mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    return approvalRequest(
        "POST",
        "/slack/actions",
        Map.of(
            "content-type",
            "application/x-www-form-urlencoded",
            "x-slack-request-timestamp",
            Long.toString(timestamp),
            "x-slack-signature",
            signature),
        body);
  }

  @Test
  void anInjectedOomEventIsProposedApprovedByLinkReCheckedAppliedAndVerified() throws Exception {
    String before = service("orders");
    ObjectNode event = Fixtures.event("task-state-change/oom-container-limit.json").deepCopy();
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail.put("group", "service:orders");
    detail.put("clusterArn", "arn:aws:ecs:us-east-1:000000000000:cluster/prod");
    Instant since = settled();

    assertThat(stack.putEvents(List.of(event))).allSatisfy(s -> assertThat(s.error()).isNull());
    String incident = awaitIncident("orders");
    JsonNode proposal = awaitProposal(incident);
    assertThat(mutatingCalls(since)).as("nothing changes before approval").isEmpty();
    assertThat(proposal.at("/action/type").asText()).isEqualTo("RAISE_MEMORY");
    assertThat(proposal.path("what").asText()).startsWith("raise task memory 1024 → 2048 MiB");

    JsonNode page = approvalRequest("GET", "/approve", Map.of(), "");
    assertThat(page.path("statusCode").asInt()).as("a link without parameters").isEqualTo(400);
    JsonNode approved = submitLink(proposal.path("approveUrl").asText());
    JsonNode replayed = submitLink(proposal.path("approveUrl").asText());
    DescribeExecutionResponse run = stack.awaitExecution(executionOf(incident), WAIT);

    assertThat(approved.path("statusCode").asInt()).isEqualTo(200);
    assertThat(replayed.path("statusCode").asInt()).as("a replayed approval").isEqualTo(409);
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(incident))
        .as(
            "the incident's whole trail: triage's alert, its flight record, the proposal, the"
                + " verified change")
        .containsExactly(
            "NOTIFIED", "EVIDENCE_RECORDED", "REMEDIATION_PROPOSED", "REMEDIATION_STEADY");
    assertThat(records(incident).getLast().get("approver").s())
        .matches("signed link, request [0-9a-f]{8}, from 192\\.0\\.2\\.10, user-agent unknown");
    assertThat(mutatingCalls(since))
        .containsExactlyInAnyOrder("RegisterTaskDefinition", "UpdateService");
    var live =
        ecs.describeServices(r -> r.cluster("prod").services("orders")).services().getFirst();
    assertThat(live.taskDefinition()).isNotEqualTo(before);
    var td =
        ecs.describeTaskDefinition(r -> r.taskDefinition(live.taskDefinition())).taskDefinition();
    assertThat(td.cpu() + "/" + td.memory()).isEqualTo("512/2048");
  }

  @Test
  void aRejectedProposalChangesNothingAndRecordsWhoRejected() throws Exception {
    service("reject-svc");
    Instant since = settled();
    ObjectNode input = input("reject-svc", "PROPOSE", "RAISE_MEMORY");
    String execution = start(input);
    String incident = input.get("incidentId").asText();
    JsonNode proposal = awaitProposal(incident);

    String forged = proposal.path("rejectUrl").asText().replaceAll("sig=[0-9a-f]{4}", "sig=0000");
    JsonNode forgedAnswer = submitLink(forged);
    JsonNode rejected = submitLink(proposal.path("rejectUrl").asText());
    DescribeExecutionResponse run = stack.awaitExecution(execution, WAIT);

    assertThat(forgedAnswer.path("statusCode").asInt()).isEqualTo(403);
    assertThat(rejected.path("statusCode").asInt()).isEqualTo(200);
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(incident)).containsExactly("REMEDIATION_PROPOSED", "REMEDIATION_REJECTED");
    assertThat(records(incident).getLast().get("approver").s())
        .contains("rejected by signed link, request ")
        .contains(", from 192.0.2.10, user-agent unknown");
    assertThat(mutatingCalls(since)).isEmpty();
  }

  @Test
  void theReCheckAbortsWhenTheServiceChangedBeforeTheSlackApproval() throws Exception {
    service("changed-svc");
    ObjectNode input = input("changed-svc", "PROPOSE", "RAISE_MEMORY");
    String execution = start(input);
    String incident = input.get("incidentId").asText();
    awaitProposal(incident);
    JsonNode posted =
        slackPosts.stream()
            .filter(
                p ->
                    p.path("text").asText().contains("changed-svc")
                        || p.toString().contains(incident))
            .filter(p -> p.toString().contains("ecs-medic.approve"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Slack proposal for " + incident));
    JsonNode buttons =
        posted.path("blocks").findValues("elements").stream()
            .filter(e -> e.toString().contains("ecs-medic.approve"))
            .findFirst()
            .orElseThrow();
    assertThat(buttons.findValuesAsText("value")).containsOnly(incident);
    assertThat(posted.path("channel").asText()).isEqualTo("#oncall");
    // Someone deploys a fix by hand while the proposal waits.
    ecs.updateService(r -> r.cluster("prod").service("changed-svc").forceNewDeployment(true));
    Instant since = settled();

    JsonNode stale =
        slackClick("ecs-medic.approve", incident, Instant.now().getEpochSecond() - 301);
    JsonNode approved = slackClick("ecs-medic.approve", incident, Instant.now().getEpochSecond());
    DescribeExecutionResponse run = stack.awaitExecution(execution, WAIT);

    assertThat(stale.path("statusCode").asInt()).as("a stale Slack timestamp").isEqualTo(401);
    assertThat(approved.path("statusCode").asInt()).isEqualTo(200);
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(incident)).containsExactly("REMEDIATION_PROPOSED", "REMEDIATION_ABORTED");
    assertThat(records(incident).getLast().get("detail").s())
        .contains("the service changed since the event");
    assertThat(records(incident).getLast().get("approver").s()).contains("alice");
    assertThat(mutatingCalls(since)).as("ecs-medic applied nothing").isEmpty();
  }

  /** The incident triage opened for a service, from its audit record. */
  String awaitIncident(String service) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      for (Map<String, AttributeValue> r : stack.auditItems("CLUSTER#prod")) {
        if (r.get("decision").s().equals("NOTIFIED") && r.get("service").s().equals(service)) {
          return r.get("incidentId").s();
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("triage recorded no alert for " + service);
  }

  String executionOf(String incidentId) {
    return stack
            .deployment
            .output("RemediationStateMachineArn")
            .replace(":stateMachine:", ":execution:")
        + ":"
        + incidentId;
  }

  /**
   * Each LOW-risk action, applied by AUTO as planned: the exact call in CloudTrail and the change
   * read back from the emulator.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ENABLE_EXECUTE_COMMAND",
        "SET_HEALTH_CHECK_GRACE_PERIOD",
        "SET_DEREGISTRATION_DELAY",
        "ENABLE_CIRCUIT_BREAKER_ROLLBACK",
        "CREATE_LOG_GROUP"
      })
  void eachLowRiskActionIsAppliedAsPlannedAndReadsBack(String action) throws Exception {
    String name = "act-" + Integer.toHexString(action.hashCode());
    String tg = serviceBehindTargetGroup(name);
    Instant since = settled();
    ObjectNode input = input(name, "AUTO", action);

    DescribeExecutionResponse run = stack.awaitExecution(start(input), WAIT);

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(input.get("incidentId").asText())).containsExactly("REMEDIATION_STEADY");
    List<String> calls = mutatingCalls(since);
    var live = ecs.describeServices(r -> r.cluster("prod").services(name)).services().getFirst();
    switch (action) {
      case "ENABLE_EXECUTE_COMMAND" -> {
        assertThat(calls).containsExactly("UpdateService");
        assertThat(live.enableExecuteCommand()).isTrue();
      }
      case "SET_HEALTH_CHECK_GRACE_PERIOD" -> {
        assertThat(calls).containsExactly("UpdateService");
        assertThat(live.healthCheckGracePeriodSeconds()).isEqualTo(120);
      }
      case "ENABLE_CIRCUIT_BREAKER_ROLLBACK" -> {
        assertThat(calls).containsExactly("UpdateService");
        assertThat(live.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
      }
      case "SET_DEREGISTRATION_DELAY" -> {
        assertThat(calls).containsExactly("ModifyTargetGroupAttributes");
        assertThat(
                stack
                    .aws
                    .client(ElasticLoadBalancingV2Client.builder())
                    .describeTargetGroupAttributes(r -> r.targetGroupArn(tg))
                    .attributes()
                    .stream()
                    .filter(a -> a.key().equals("deregistration_delay.timeout_seconds"))
                    .map(a -> a.value()))
            .containsExactly("30");
      }
      case "CREATE_LOG_GROUP" -> {
        assertThat(calls).containsExactly("CreateLogGroup");
        assertThat(
                stack
                    .aws
                    .client(CloudWatchLogsClient.builder())
                    .describeLogGroups(r -> r.logGroupNamePrefix("/ecs/" + name))
                    .logGroups())
            .hasSize(1);
      }
      default -> throw new AssertionError(action);
    }
  }

  @Test
  void aRollbackIsNeverProposedToARevisionGuessedByArithmetic() throws Exception {
    String good = service("rollback-svc");
    String bad =
        FargateServices.revision(ecs, "rollback-svc", "public.ecr.aws/nginx/nginx:does-not-exist");
    // A service created on the bad revision: one deployment, and nothing says that the revision
    // before it (registered, ACTIVE) ever reached a steady state on this service. It used to be
    // proposed as "revision - 1"; RollbackTargets never guesses. (MiniStack completes every
    // rollout at once and drops the replaced deployment, so the rollback of a stuck rollout, where
    // ECS still lists the completed release, cannot be shown here; RollbackTargetsTest covers it.)
    FargateServices.service(ecs, "prod", "rollback-svc-2", bad);
    Instant since = settled();
    ObjectNode input = input("rollback-svc-2", "PROPOSE", "ROLLBACK_TASK_DEFINITION");

    DescribeExecutionResponse run = stack.awaitExecution(start(input), WAIT);

    JsonNode output = readTree(run.output());
    assertThat(good).endsWith("rollback-svc:1");
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(output.at("/plan/decision").asText()).isEqualTo("NOTHING_TO_APPLY");
    assertThat(
            output.at("/enrichment/previousTaskDefinition").isMissingNode()
                || output.at("/enrichment/previousTaskDefinition").isNull())
        .isTrue();
    assertThat(output.at("/enrichment/notes"))
        .anySatisfy(
            n ->
                assertThat(n.asText())
                    .contains("no rollback target")
                    .contains("describe-services --cluster prod --services rollback-svc-2"));
    assertThat(decisions(input.get("incidentId").asText()))
        .containsExactly("REMEDIATION_NOTHING_TO_APPLY");
    assertThat(mutatingCalls(since)).isEmpty();
    assertThat(
            ecs.describeServices(r -> r.cluster("prod").services("rollback-svc-2"))
                .services()
                .getFirst()
                .taskDefinition())
        .isEqualTo(bad);
  }

  @Test
  void anIncidentIsActedOnOnceAndAServiceAtMostTwicePerHour() throws Exception {
    service("busy-svc");
    ObjectNode first = input("busy-svc", "AUTO", "FORCE_NEW_DEPLOYMENT");
    stack.awaitExecution(start(first), WAIT);
    // The same incident again (a re-run by hand, under another execution name).
    String again =
        stack
            .sfn
            .startExecution(
                r ->
                    r.stateMachineArn(stack.deployment.output("RemediationStateMachineArn"))
                        .name(first.get("incidentId").asText() + "-rerun")
                        .input(first.toString()))
            .executionArn();
    stack.awaitExecution(again, WAIT);
    ObjectNode second = input("busy-svc", "AUTO", "FORCE_NEW_DEPLOYMENT");
    stack.awaitExecution(start(second), WAIT);
    ObjectNode third = input("busy-svc", "AUTO", "FORCE_NEW_DEPLOYMENT");
    Instant since = settled();
    stack.awaitExecution(start(third), WAIT);

    assertThat(decisions(first.get("incidentId").asText()))
        .containsExactly("REMEDIATION_STEADY", "REMEDIATION_ABORTED");
    assertThat(records(first.get("incidentId").asText()).getLast().get("detail").s())
        .contains("an action was already applied for incident");
    assertThat(decisions(second.get("incidentId").asText())).containsExactly("REMEDIATION_STEADY");
    assertThat(decisions(third.get("incidentId").asText())).containsExactly("REMEDIATION_ABORTED");
    assertThat(records(third.get("incidentId").asText()).getLast().get("detail").s())
        .contains("blast radius: 2 actions on this service this hour already");
    assertThat(mutatingCalls(since)).isEmpty();
  }

  @Test
  void enrichGathersTheEvidenceAndSaysWhatItCouldNotRead() throws Exception {
    String image = "000000000000.dkr.ecr.us-east-1.amazonaws.com/never-pushed:2026.11.1";
    String td =
        ecs.registerTaskDefinition(
                r ->
                    r.family("evidence-svc")
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("app").image(image).essential(true)))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.createService(
        r ->
            r.cluster("prod")
                .serviceName("evidence-svc")
                .taskDefinition(td)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE));
    String task =
        ecs.listTasks(r -> r.cluster("prod").serviceName("evidence-svc")).taskArns().getFirst();
    ecs.stopTask(r -> r.cluster("prod").task(task).reason("Essential container in task exited"));
    ObjectNode input = input("evidence-svc", "OBSERVE", "FORCE_NEW_DEPLOYMENT");

    DescribeExecutionResponse run = stack.awaitExecution(start(input), WAIT);

    JsonNode enrichment = readTree(run.output()).path("enrichment");
    assertThat(enrichment.path("found").asBoolean()).isTrue();
    assertThat(enrichment.at("/images/0/image").asText()).isEqualTo(image);
    assertThat(enrichment.at("/images/0/exists").asBoolean()).isFalse();
    assertThat(enrichment.path("stoppedTasks"))
        .anySatisfy(
            t -> assertThat(t.path("stoppedReason").asText()).contains("Essential container"));
    assertThat(enrichment.at("/service/taskDefinition").asText()).isEqualTo(td);
  }

  @Test
  void observeRecordsWhatItWouldDoAndChangesNothing() throws Exception {
    service("observe-svc");
    Instant since = settled();
    ObjectNode input = input("observe-svc", "OBSERVE", "FORCE_NEW_DEPLOYMENT");

    DescribeExecutionResponse run = stack.awaitExecution(start(input), WAIT);

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(input.get("incidentId").asText())).containsExactly("REMEDIATION_OBSERVED");
    assertThat(mutatingCalls(since)).isEmpty();
  }

  @Test
  void autoAppliesAnAllowListedLowRiskActionAndVerifiesTheDeployment() throws Exception {
    service("auto-svc");
    Instant since = settled();
    ObjectNode input = input("auto-svc", "AUTO", "FORCE_NEW_DEPLOYMENT");

    DescribeExecutionResponse run = stack.awaitExecution(start(input), WAIT);

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String incident = input.get("incidentId").asText();
    assertThat(decisions(incident)).containsExactly("REMEDIATION_STEADY");
    assertThat(records(incident).getFirst().get("calls").l())
        .extracting(AttributeValue::s)
        .containsExactly("ecs:UpdateService forceNewDeployment=true");
    assertThat(mutatingCalls(since)).containsExactly("UpdateService");
    JsonNode request = lastCall("UpdateService", since).path("requestParameters");
    assertThat(request.path("forceNewDeployment").asBoolean()).isTrue();
    assertThat(request.path("service").asText()).isEqualTo("auto-svc");
  }

  @Test
  void aProposalNobodyApprovesExpiresAndChangesNothing() throws Exception {
    service("timeout-svc");
    Instant since = settled();
    ObjectNode input = input("timeout-svc", "PROPOSE", "RAISE_MEMORY");

    DescribeExecutionResponse run = stack.awaitExecution(start(input), WAIT);

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(decisions(input.get("incidentId").asText()))
        .containsExactly("REMEDIATION_PROPOSED", "REMEDIATION_EXPIRED");
    assertThat(mutatingCalls(since)).isEmpty();
  }

  /**
   * The Enrich step runs the finding's deep check, and the proposal shows its failing steps: here
   * alb-check on a service whose target group keeps the 300 s default deregistration delay.
   */
  @Test
  void aProposalListsTheFailingStepsOfTheFindingsDeepCheck() throws Exception {
    serviceBehindTargetGroup("checked-svc");
    ObjectNode in = input("checked-svc", "PROPOSE", "SET_DEREGISTRATION_DELAY");
    ((ObjectNode) in.get("finding"))
        .put("category", "ELB_HEALTH_CHECK")
        .put("subcause", "DEREGISTRATION_DELAY")
        .put("summary", "checked-svc: deployments wait out a 300 s deregistration delay");
    String incident = in.get("incidentId").asText();

    start(in);
    JsonNode proposal = awaitProposal(incident);

    assertThat(proposal.at("/action/type").asText()).isEqualTo("SET_DEREGISTRATION_DELAY");
    assertThat(proposal.path("checked").get(0).asText())
        .startsWith("alb-check prod/checked-svc targetgroup/checked-svc-tg/");
    assertThat(proposal.path("checked").toString())
        .contains("alb.deregistration-delay: deregistration delay 300 s (the default)");
  }

  /**
   * ECS Exec was turned on for the service after its task started: the flag is on, yet the task has
   * none. exec-check says the task predates the flag, so the workflow proposes the call that
   * replaces the tasks (the flag stays on, a new deployment), where without the check it would find
   * nothing to do.
   */
  @Test
  void aTaskThatPredatesEcsExecGetsItsTasksReplaced() throws Exception {
    service("exec-late");
    ecs.updateService(r -> r.cluster("prod").service("exec-late").enableExecuteCommand(true));
    String task =
        ecs.listTasks(r -> r.cluster("prod").serviceName("exec-late")).taskArns().getFirst();
    ObjectNode in = input("exec-late", "PROPOSE", "ENABLE_EXECUTE_COMMAND");
    ObjectNode finding =
        ((ObjectNode) in.get("finding"))
            .put("category", "ECS_EXEC")
            .put("subcause", "NOT_ENABLED")
            .put("summary", "ECS Exec is not enabled on this task");
    ((ObjectNode) finding.get("resource")).put("task", task.substring(task.lastIndexOf('/') + 1));
    String incident = in.get("incidentId").asText();

    start(in);
    JsonNode proposal = awaitProposal(incident);

    assertThat(proposal.at("/action/type").asText()).isEqualTo("ENABLE_EXECUTE_COMMAND");
    assertThat(proposal.at("/action/undo").asText())
        .startsWith("nothing to undo: ECS Exec was already on");
    assertThat(proposal.path("checked").toString())
        .contains(
            "exec.enabled: service exec-late has enableExecuteCommand on, but this task was started before it was turned on");
  }
}
