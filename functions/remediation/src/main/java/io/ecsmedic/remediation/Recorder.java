package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.WorkflowRecord;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.workflow.WorkflowFinding;
import io.ecsmedic.workflow.WorkflowState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every decision of the workflow, dry runs included, becomes an audit record beside triage's record
 * of the event (same keys, so {@code ecs-medic history} lists it) and, where a human should know, a
 * short message on the alert topic ({@code kind} = proposal or remediation, a message attribute
 * subscriptions can filter on).
 */
final class Recorder {
  private final AuditTable table;
  private final AlertTopic topic;
  private final Clock clock;

  Recorder(AuditTable table, AlertTopic topic, Clock clock) {
    this.table = table;
    this.topic = topic;
    this.clock = clock;
  }

  /**
   * Writes the audit record of a decision.
   *
   * @param decision e.g. REMEDIATION_PROPOSED, REMEDIATION_STEADY, REMEDIATION_REJECTED
   * @param detail one line: what was decided and why
   */
  void record(
      WorkflowState state, String decision, String detail, String approver, List<String> calls) {
    Instant now = clock.instant();
    WorkflowFinding finding = state.finding();
    table.recordDecision(
        new WorkflowRecord(
            finding.cluster() == null ? "-" : finding.cluster(),
            state.eventId() == null ? "" : state.eventId(),
            now,
            decision,
            state.incidentId(),
            state.mode().name(),
            finding.service() == null ? "-" : finding.service(),
            finding.category(),
            finding.subcause(),
            finding.summary(),
            detail,
            state.plan() != null && state.plan().action() != null
                ? state.plan().action().type().name()
                : null,
            approver,
            calls == null ? List.of() : calls,
            Instant.ofEpochSecond(
                state.auditExpiresAt() == null
                    ? now.getEpochSecond() + 90 * 86400L
                    : state.auditExpiresAt())));
  }

  /** Publishes a short message about the workflow on the alert topic. */
  void notify(WorkflowState state, String kind, String subject, String text, ObjectNode json) {
    json.put("kind", kind)
        .put("incidentId", state.incidentId())
        .put("cluster", Objects.toString(state.finding().cluster(), ""))
        .put("service", Objects.toString(state.finding().service(), ""));
    topic.publish(AlertTopic.Kind.of(kind), subject, text, json.toString());
  }
}
