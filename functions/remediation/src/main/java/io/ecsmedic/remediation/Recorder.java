package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.notify.SnsMessage;
import io.ecsmedic.workflow.WorkflowFinding;
import io.ecsmedic.workflow.WorkflowState;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Every decision of the workflow, dry runs included, becomes an audit record beside triage's record
 * of the event (same keys, so {@code ecs-medic history} lists it) and, where a human should know, a
 * short message on the alert topic ({@code kind} = proposal or remediation, a message attribute
 * subscriptions can filter on).
 */
final class Recorder {
  private static final int MAX_SUBJECT = 100;

  private final DynamoDbClient dynamo;
  private final SnsClient sns;
  private final String table;
  private final String topicArn;
  private final Clock clock;

  Recorder(DynamoDbClient dynamo, SnsClient sns, String table, String topicArn, Clock clock) {
    this.dynamo = dynamo;
    this.sns = sns;
    this.table = table;
    this.topicArn = topicArn;
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
    String cluster = finding.cluster() == null ? "-" : finding.cluster();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s("CLUSTER#" + cluster));
    String eventId = state.eventId() == null ? "" : state.eventId();
    item.put("sk", s(now + "#" + eventId + "#" + decision));
    item.put("at", s(now.toString()));
    item.put("eventId", s(eventId));
    item.put("incidentId", s(state.incidentId()));
    item.put("decision", s(decision));
    item.put("mode", s(state.mode().name()));
    item.put("service", s(finding.service()));
    item.put("category", s(finding.category()));
    item.put("subcause", s(finding.subcause()));
    item.put("summary", s(finding.summary()));
    item.put("detail", s(detail));
    long expires =
        state.auditExpiresAt() == null
            ? now.getEpochSecond() + 90 * 86400L
            : state.auditExpiresAt();
    item.put("expiresAt", AttributeValue.fromN(Long.toString(expires)));
    if (state.plan() != null && state.plan().action() != null) {
      item.put("action", s(state.plan().action().type().name()));
    }
    if (approver != null && !approver.isBlank()) {
      item.put("approver", s(approver));
    }
    if (calls != null && !calls.isEmpty()) {
      item.put("calls", AttributeValue.fromL(calls.stream().map(Recorder::s).toList()));
    }
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  /** Publishes a short message about the workflow on the alert topic. */
  void notify(WorkflowState state, String kind, String subject, String text, ObjectNode json) {
    json.put("kind", kind)
        .put("incidentId", state.incidentId())
        .put("cluster", Objects.toString(state.finding().cluster(), ""))
        .put("service", Objects.toString(state.finding().service(), ""));
    String body = json.toString();
    String perProtocol = SnsMessage.perProtocol(text, clip(subject), body);
    sns.publish(
        r ->
            r.topicArn(topicArn)
                .subject(clip(subject))
                .messageStructure("json")
                .message(perProtocol)
                .messageAttributes(
                    Map.of(
                        "kind",
                        MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue(kind)
                            .build())));
  }

  /** SNS subjects: printable ASCII, no line breaks, at most 100 characters. */
  static String clip(String subject) {
    String s = subject.replaceAll("[^\\x20-\\x7E]", "?");
    return s.length() <= MAX_SUBJECT ? s : s.substring(0, MAX_SUBJECT - 1) + "~";
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v == null || v.isEmpty() ? "-" : v);
  }
}
