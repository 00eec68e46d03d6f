package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.notify.SnsMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  void record(JsonNode state, String decision, String detail, String approver, List<String> calls) {
    Instant now = clock.instant();
    JsonNode finding = state.path("finding");
    String cluster = finding.at("/resource/cluster").asText("-");
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s("CLUSTER#" + cluster));
    item.put("sk", s(now + "#" + state.path("eventId").asText() + "#" + decision));
    item.put("at", s(now.toString()));
    item.put("eventId", s(state.path("eventId").asText()));
    item.put("incidentId", s(state.path("incidentId").asText()));
    item.put("decision", s(decision));
    item.put("mode", s(state.path("mode").asText()));
    item.put("service", s(finding.at("/resource/service").asText("-")));
    item.put("category", s(finding.path("category").asText()));
    item.put("subcause", s(finding.path("subcause").asText()));
    item.put("summary", s(finding.path("summary").asText()));
    item.put("detail", s(detail));
    long expires = state.path("auditExpiresAt").asLong(now.getEpochSecond() + 90 * 86400L);
    item.put("expiresAt", AttributeValue.fromN(Long.toString(expires)));
    JsonNode action = state.at("/plan/action");
    if (!action.isMissingNode()) {
      item.put("action", s(action.path("type").asText()));
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
  void notify(JsonNode state, String kind, String subject, String text, ObjectNode json) {
    json.put("kind", kind)
        .put("incidentId", state.path("incidentId").asText())
        .put("cluster", state.at("/finding/resource/cluster").asText())
        .put("service", state.at("/finding/resource/service").asText());
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
