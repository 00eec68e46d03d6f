package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.ApprovalRequest;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.json.Json;
import io.ecsmedic.notify.AlertText;
import io.ecsmedic.notify.SlackBlocks;
import io.ecsmedic.signing.ApprovalLinks;
import io.ecsmedic.workflow.Enrichment;
import io.ecsmedic.workflow.PlannedAction;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.WorkflowFinding;
import io.ecsmedic.workflow.WorkflowJson;
import io.ecsmedic.workflow.WorkflowState;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The approval gate (the state machine waits with {@code .waitForTaskToken}): stores the task token
 * under {@code APPROVAL#<incident id>} for the approval function, records the proposal, and tells
 * people what would change, with signed approve / reject links when link approvals are on. The
 * links carry the request's nonce, so they decide this request only, once. The task token itself is
 * never put in a message.
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

  void request(WorkflowState state, String taskToken) {
    Instant now = clock.instant();
    Instant expires = now.plus(settings.approvalTimeout());
    String incidentId = state.incidentId();
    WorkflowFinding finding = state.finding();
    PlannedAction action = state.plannedAction();
    String cluster = finding.cluster();
    String service = finding.service();
    String risk = action.risk() + (action.reversible() ? ", reversible" : ", NOT reversible");
    ApprovalRequest request =
        new ApprovalRequest(
            incidentId,
            taskToken,
            now,
            expires,
            cluster == null ? "-" : cluster,
            service == null ? "-" : service,
            action.title());
    table.putApprovalRequest(request);
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
            .append(service)
            .append(" (")
            .append(cluster)
            .append("): ")
            .append(finding.summary())
            .append("\n\nProposed: ")
            .append(what)
            .append("\nRisk: ")
            .append(risk)
            .append("\nUndo: ")
            .append(action.undo())
            .append("\nWhy approval: ")
            .append(state.plan().reason())
            .append(
                "\n\nBefore applying, ecs-medic re-checks the service and refuses if it changed"
                    + " since the event.\n");
    List<String> checks = checkLines(state.enrichment());
    if (!checks.isEmpty()) {
      text.append("\nChecked: ").append(checks.getFirst()).append('\n');
      checks
          .subList(1, checks.size())
          .forEach(line -> text.append("  - ").append(line).append('\n'));
    }
    Optional<LogExcerpt> lastWords = ProposalLastWords.of(state.enrichment());
    lastWords.ifPresent(e -> text.append('\n').append(AlertText.lastWords(e)));
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.set("action", WorkflowJson.toJson(action));
    lastWords.ifPresent(e -> json.set("lastWords", e.toJson()));
    json.put("what", what);
    json.put("expiresAt", expires.toString());
    if (!checks.isEmpty()) {
      checks.forEach(json.putArray("checked")::add);
    }
    if (!settings.approvalBaseUrl().isBlank() && !settings.approvalLinkSecretArn().isBlank()) {
      byte[] secret = ApprovalLinks.secretKey(linkSecret.get());
      URI base = URI.create(settings.approvalBaseUrl());
      String approve =
          ApprovalLinks.link(
                  base, incidentId, "approve", expires.getEpochSecond(), request.nonce(), secret)
              .toString();
      String reject =
          ApprovalLinks.link(
                  base, incidentId, "reject", expires.getEpochSecond(), request.nonce(), secret)
              .toString();
      text.append("\nApprove: ").append(approve).append("\nReject:  ").append(reject).append('\n');
      json.put("approveUrl", approve).put("rejectUrl", reject);
    }
    text.append("Expires: ").append(expires).append(" (then nothing is applied)\n");
    text.append("Incident: ").append(incidentId).append('\n');
    ObjectNode proposal =
        SlackBlocks.proposal(
            service,
            cluster,
            what,
            risk,
            action.undo(),
            state.plan().reason(),
            checks,
            incidentId,
            expires.toString());
    // Above the context line and the buttons, as in the alert.
    lastWords.ifPresent(
        e -> {
          ArrayNode blocks = (ArrayNode) proposal.get("blocks");
          blocks.insert(blocks.size() - 2, SlackBlocks.lastWords(e));
        });
    slack.post(incidentId, proposal);
    recorder.notify(
        state,
        "proposal",
        "[ecs-medic] Approve? " + action.type() + " on " + service,
        text.toString(),
        json);
  }

  /** One line: the action and its concrete parameters. */
  static String describe(PlannedAction planned) {
    return switch (planned.action()) {
      case RemediationAction.RaiseMemory p ->
          "raise task memory "
              + p.fromMemory()
              + " → "
              + p.toMemory()
              + " MiB (cpu "
              + p.fromCpu()
              + " → "
              + p.toCpu()
              + ") in a new revision of "
              + p.taskDefinition();
      case RemediationAction.SetDeregistrationDelay p ->
          "deregistration delay " + p.from() + " → " + p.to() + " s on " + p.targetGroupArn();
      case RemediationAction.SetHealthCheckGracePeriod p ->
          "health-check grace period " + p.from() + " → " + p.to() + " s";
      case RemediationAction.RollbackTaskDefinition p -> "roll back " + p.from() + " → " + p.to();
      case RemediationAction.CreateLogGroup p -> "create log group " + p.logGroupName();
      case RemediationAction.ForceNewDeployment p -> planned.title();
      case RemediationAction.EnableExecuteCommand p -> planned.title();
      case RemediationAction.EnableCircuitBreakerRollback p -> planned.title();
    };
  }

  /**
   * The deep checker's verdict and its failing steps (at most {@value #MAX_CHECK_LINES}), from the
   * Enrich step's {@code enrichment.check}; empty when no checker ran.
   */
  static List<String> checkLines(Enrichment enrichment) {
    if (enrichment == null || enrichment.check() == null) {
      return List.of();
    }
    return enrichment.check().alertLines(MAX_CHECK_LINES);
  }
}
