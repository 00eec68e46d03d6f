package io.ecsmedic.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.posture.PostureCollector;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Mode;
import io.ecsmedic.posture.PostureProposal;
import io.ecsmedic.posture.PostureRule;
import io.ecsmedic.posture.ServiceReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * {@code scan --propose}: re-reads one service, and when the rule FAILs now and names a typed
 * action, starts the remediation workflow with it in PROPOSE mode, so the fix goes through the same
 * Plan, approval, Re-check, guardrails and Verify as an incident's (docs/posture.md, "From finding
 * to fix"). Never AUTO, and never a change made here: a human approves in the workflow.
 */
final class PostureFixProposer {
  private final PostureCollector collector;
  private final SfnClient sfn;
  private final String stateMachineArn;
  private final Duration auditRetention;
  private final Clock clock;

  /**
   * @param auditRetention how long the workflow's audit records are kept (the stack's
   *     AuditRetentionDays, as triage sets it)
   */
  PostureFixProposer(
      PostureCollector collector,
      SfnClient sfn,
      String stateMachineArn,
      Duration auditRetention,
      Clock clock) {
    this.collector = collector;
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn;
    this.auditRetention = auditRetention;
    this.clock = clock;
  }

  /**
   * Proposes the rule's fix for the service, printing the incident id and how to approve it.
   *
   * @return {@link Exit#OK} when a workflow was started or one for this rule already was today,
   *     {@link Exit#NOT_PROPOSED} when the rule does not fail now or has no workflow action
   */
  int propose(String cluster, String service, PostureRule rule, PrintWriter out, PrintWriter err) {
    PostureCollector.ServiceScan scan = collector.scanService(cluster, service);
    ServiceReport report = scan.report();
    Instant now = clock.instant();
    PostureProposal decision =
        PostureProposal.of(report, scan.facts(), rule, LocalDate.ofInstant(now, ZoneOffset.UTC));
    if (decision instanceof PostureProposal.Refused refused) {
      err.println("Not proposed: " + refused.reason());
      return Exit.NOT_PROPOSED;
    }
    PostureProposal.Proposed proposed = (PostureProposal.Proposed) decision;
    String incident = proposed.incidentId();
    ObjectNode input =
        Json.MAPPER
            .createObjectNode()
            .put("incidentId", incident)
            .put("eventId", proposed.eventId())
            .put("mode", Mode.PROPOSE.name())
            .put("auditExpiresAt", now.plus(auditRetention).getEpochSecond());
    input.set("finding", FindingJson.toJson(proposed.finding()));
    try {
      String execution =
          sfn.startExecution(
                  r -> r.stateMachineArn(stateMachineArn).name(incident).input(input.toString()))
              .executionArn();
      out.println(
          "Proposed "
              + rule.action()
              + " for "
              + report.key()
              + " ("
              + rule.id()
              + " fails): incident "
              + incident);
      out.println("  workflow: " + execution);
    } catch (ExecutionAlreadyExistsException e) {
      out.println(
          "Already proposed today for "
              + report.key()
              + " ("
              + rule.id()
              + "): incident "
              + incident
              + "; no second workflow started");
    }
    out.println(
        "The workflow plans the change from the live service and waits for a human:"
            + " ecs-medic approve "
            + incident
            + " (or ecs-medic reject "
            + incident
            + "); ecs-medic history --cluster "
            + report.cluster()
            + " shows the outcome.");
    return Exit.OK;
  }
}
