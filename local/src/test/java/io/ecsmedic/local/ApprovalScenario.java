package io.ecsmedic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.json.Json;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A remediation workflow run up to its approval wait on a deployed stack, and the ways a person
 * answers it: a signed Slack click, a signed link's form, the packaged CLI. Shared by the
 * Approval*IT tests.
 */
final class ApprovalScenario {
  static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String LINK_SECRET = "local-test-link-secret-0123456789abcdef";

  final LocalStackSession stack;
  final AuditTable table;
  final List<JsonNode> inbox = new ArrayList<>();

  ApprovalScenario(LocalStackSession stack) {
    this.stack = stack;
    this.table = new AuditTable(stack.dynamo, stack.deployment.output("AuditTableName"));
    stack.aws.client(EcsClient.builder()).createCluster(r -> r.clusterName("prod"));
  }

  /**
   * Starts a PROPOSE workflow that raises the memory of a new service {@code name} on prod, and
   * returns its incident id once its approval request is stored.
   */
  String waitingForApproval(String name) throws Exception {
    EcsClient ecs = stack.aws.client(EcsClient.builder());
    FargateServices.oneTask(ecs, "prod", name);
    String incident = name + "-" + UUID.randomUUID().toString().substring(0, 8);
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
            .put("summary", name + ": container app was killed for exceeding its memory limit");
    finding.putObject("resource").put("cluster", "prod").put("service", name);
    finding.withArray("actions").addObject().put("type", "RAISE_MEMORY").put("title", "raise");
    stack.sfn.startExecution(
        r ->
            r.stateMachineArn(stack.deployment.output("RemediationStateMachineArn"))
                .name(incident)
                .input(in.toString()));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (table.approval(incident).map(ApprovalItem::pending).orElse(false)) {
        return incident;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no approval request for " + incident);
  }

  String execution(String incident) {
    return stack
            .deployment
            .output("RemediationStateMachineArn")
            .replace(":stateMachine:", ":execution:")
        + ":"
        + incident;
  }

  /** The proposal message of an incident (kind=proposal). */
  JsonNode proposal(String incident) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode m : inbox) {
        if (m.path("kind").asText().equals("proposal")
            && m.path("incidentId").asText().equals(incident)) {
          return m;
        }
      }
      inbox.addAll(stack.alerts(0, Duration.ofSeconds(1)));
    }
    throw new AssertionError("no proposal for incident " + incident);
  }

  /** The workflow's audit records of an incident, oldest first. */
  List<Map<String, AttributeValue>> records(String incident) {
    return stack.auditItems("CLUSTER#prod").stream()
        .filter(i -> i.containsKey("incidentId") && i.get("incidentId").s().equals(incident))
        .sorted((a, b) -> a.get("sk").s().compareTo(b.get("sk").s()))
        .toList();
  }

  /** A Slack button click by {@code user} of workspace {@code team}, signed as Slack signs it. */
  JsonNode slackClick(String incident, String user, String team) throws Exception {
    ObjectNode p = Json.MAPPER.createObjectNode().put("type", "block_actions");
    p.putObject("user").put("id", user).put("username", "u-" + user).put("team_id", team);
    p.putObject("team").put("id", team);
    p.putArray("actions").addObject().put("action_id", "ecs-medic.approve").put("value", incident);
    String body = "payload=" + URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    String ts = Long.toString(Instant.now().getEpochSecond());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SLACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sig =
        "v0="
            + HexFormat.of()
                .formatHex(mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8)));
    return stack.invokeFunctionUrl(
        "ApprovalFunction",
        "POST",
        "/slack/actions",
        Map.of(
            "content-type", "application/x-www-form-urlencoded",
            "x-slack-request-timestamp", ts,
            "x-slack-signature", sig),
        body,
        "192.0.2.20");
  }

  /** Submits the confirmation form of a signed link (the POST that decides). */
  JsonNode submitLink(String url) throws Exception {
    return stack.invokeFunctionUrl(
        "ApprovalFunction",
        "POST",
        "/approve",
        Map.of(
            "content-type", "application/x-www-form-urlencoded", "user-agent", "MailScanner/1.0"),
        URI.create(url).getRawQuery(),
        "192.0.2.30");
  }

  /** {@code ecs-medic ARGS --table <audit table>}, the packaged CLI against the emulator. */
  PackagedCli.Run cli(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--table", stack.deployment.output("AuditTableName")));
    return PackagedCli.run(stack.aws, false, all.toArray(String[]::new));
  }
}
