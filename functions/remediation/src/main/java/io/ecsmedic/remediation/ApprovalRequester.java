package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.ApprovalRequest;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.json.Json;
import io.ecsmedic.notify.SlackBlocks;
import io.ecsmedic.signing.ApprovalLinks;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The approval gate (the state machine waits with {@code .waitForTaskToken}): stores the task token
 * under {@code APPROVAL#<incident id>} for the approval function, records the proposal, and tells
 * people what would change, with signed approve / reject links when the approval function is
 * configured. The task token itself is never put in a message.
 */
final class ApprovalRequester {
  static final int MAX_CHECK_LINES = 5;
  private final RemediationSettings settings;
  private final AuditTable table;
  private final Recorder recorder;
  private final Supplier<String> linkSecret;
  private final SlackProposals slack;
  private final Clock clock;

  ApprovalRequester(
      RemediationSettings settings,
      AuditTable table,
      Recorder recorder,
      Supplier<String> linkSecret,
      SlackProposals slack,
      Clock clock) {
    this.settings = settings;
    this.table = table;
    this.recorder = recorder;
    this.linkSecret = linkSecret;
    this.slack = slack;
    this.clock = clock;
  }

  void request(JsonNode state, String taskToken) {
    Instant now = clock.instant();
    Instant expires = now.plus(settings.approvalTimeout());
    String incidentId = state.path("incidentId").asText();
    JsonNode finding = state.path("finding");
    JsonNode action = state.at("/plan/action");
    table.putApprovalRequest(
        new ApprovalRequest(
            incidentId,
            taskToken,
            now,
            expires,
            finding.at("/resource/cluster").asText("-"),
            finding.at("/resource/service").asText("-"),
            action.path("title").asText("-")));
    String what = describe(action);
    recorder.record(
        state,
        "REMEDIATION_PROPOSED",
        what + "; waiting for approval until " + expires,
        null,
        List.of());

    StringBuilder text =
        new StringBuilder()
            .append("ecs-medic proposes a fix for ")
            .append(finding.at("/resource/service").asText())
            .append(" (")
            .append(finding.at("/resource/cluster").asText())
            .append("): ")
            .append(finding.path("summary").asText())
            .append("\n\nProposed: ")
            .append(what)
            .append("\nRisk: ")
            .append(action.path("risk").asText())
            .append(action.path("reversible").asBoolean() ? ", reversible" : ", NOT reversible")
            .append("\nUndo: ")
            .append(action.path("undo").asText())
            .append("\nWhy approval: ")
            .append(state.at("/plan/reason").asText())
            .append(
                "\n\nBefore applying, ecs-medic re-checks the service and refuses if it changed"
                    + " since the event.\n");
    List<String> checks = checkLines(state.at("/enrichment/check"));
    if (!checks.isEmpty()) {
      text.append("\nChecked: ").append(checks.getFirst()).append('\n');
      checks
          .subList(1, checks.size())
          .forEach(line -> text.append("  - ").append(line).append('\n'));
    }
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.set("action", action);
    json.put("what", what);
    json.put("expiresAt", expires.toString());
    if (!checks.isEmpty()) {
      checks.forEach(json.putArray("checked")::add);
    }
    if (!settings.approvalBaseUrl().isBlank() && !settings.approvalLinkSecretArn().isBlank()) {
      byte[] secret = ApprovalLinks.secretKey(linkSecret.get());
      URI base = URI.create(settings.approvalBaseUrl());
      String approve =
          ApprovalLinks.link(base, incidentId, "approve", expires.getEpochSecond(), secret)
              .toString();
      String reject =
          ApprovalLinks.link(base, incidentId, "reject", expires.getEpochSecond(), secret)
              .toString();
      text.append("\nApprove: ").append(approve).append("\nReject:  ").append(reject).append('\n');
      json.put("approveUrl", approve).put("rejectUrl", reject);
    }
    text.append("Expires: ").append(expires).append(" (then nothing is applied)\n");
    text.append("Incident: ").append(incidentId).append('\n');
    slack.post(
        incidentId,
        SlackBlocks.proposal(
            finding.at("/resource/service").asText(),
            finding.at("/resource/cluster").asText(),
            what,
            action.path("risk").asText()
                + (action.path("reversible").asBoolean() ? ", reversible" : ", NOT reversible"),
            action.path("undo").asText(),
            state.at("/plan/reason").asText(),
            checks,
            incidentId,
            expires.toString()));
    recorder.notify(
        state,
        "proposal",
        "[ecs-medic] Approve? "
            + action.path("type").asText()
            + " on "
            + finding.at("/resource/service").asText(),
        text.toString(),
        json);
  }

  /** One line: the action and its concrete parameters. */
  static String describe(JsonNode action) {
    JsonNode p = action.path("params");
    String type = action.path("type").asText();
    return switch (type) {
      case "RAISE_MEMORY" ->
          "raise task memory "
              + p.path("fromMemory").asInt()
              + " → "
              + p.path("toMemory").asInt()
              + " MiB (cpu "
              + p.path("fromCpu").asInt()
              + " → "
              + p.path("toCpu").asInt()
              + ") in a new revision of "
              + p.path("taskDefinition").asText();
      case "SET_DEREGISTRATION_DELAY" ->
          "deregistration delay "
              + p.path("from").asInt()
              + " → "
              + p.path("to").asInt()
              + " s on "
              + p.path("targetGroupArn").asText();
      case "SET_HEALTH_CHECK_GRACE_PERIOD" ->
          "health-check grace period "
              + p.path("from").asInt()
              + " → "
              + p.path("to").asInt()
              + " s";
      case "ROLLBACK_TASK_DEFINITION" ->
          "roll back " + p.path("from").asText() + " → " + p.path("to").asText();
      case "CREATE_LOG_GROUP" -> "create log group " + p.path("logGroupName").asText();
      default -> action.path("title").asText();
    };
  }

  /**
   * The deep checker's verdict and its failing steps (at most {@value #MAX_CHECK_LINES}), from the
   * Enrich step's {@code enrichment.check}; empty when no checker ran.
   */
  static List<String> checkLines(JsonNode check) {
    if (!check.isObject()) {
      return List.of();
    }
    return CheckReport.fromJson(check).alertLines(MAX_CHECK_LINES);
  }
}
