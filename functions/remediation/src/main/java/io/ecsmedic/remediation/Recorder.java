package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.WorkflowRecord;
import io.ecsmedic.aws.notify.AlertTopic;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

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
  void record(JsonNode state, String decision, String detail, String approver, List<String> calls) {
    Instant now = clock.instant();
    JsonNode finding = state.path("finding");
    JsonNode action = state.at("/plan/action");
    table.recordDecision(
        new WorkflowRecord(
            finding.at("/resource/cluster").asText("-"),
            state.path("eventId").asText(),
            now,
            decision,
            state.path("incidentId").asText(),
            state.path("mode").asText(),
            finding.at("/resource/service").asText("-"),
            finding.path("category").asText(),
            finding.path("subcause").asText(),
            finding.path("summary").asText(),
            detail,
            action.isMissingNode() ? null : action.path("type").asText(),
            approver,
            calls == null ? List.of() : calls,
            Instant.ofEpochSecond(
                state.path("auditExpiresAt").asLong(now.getEpochSecond() + 90 * 86400L))));
  }

  /** Publishes a short message about the workflow on the alert topic. */
  void notify(JsonNode state, String kind, String subject, String text, ObjectNode json) {
    json.put("kind", kind)
        .put("incidentId", state.path("incidentId").asText())
        .put("cluster", state.at("/finding/resource/cluster").asText())
        .put("service", state.at("/finding/resource/service").asText());
    topic.publish(AlertTopic.Kind.of(kind), subject, text, json.toString());
  }
}
