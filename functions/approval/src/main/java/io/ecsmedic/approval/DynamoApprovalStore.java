package io.ecsmedic.approval;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Approvals in the audit table: {@code APPROVAL#<incident id> / APPROVAL} with taskToken (S),
 * status (S), requestedAt (N, epoch ms), expiresAt (N, epoch s), cluster, service, summary (S); a
 * decision adds approver (S), decidedAt (N, epoch ms) and decisionSource (S).
 *
 * <p>{@code status} is a DynamoDB reserved word, hence the {@code #status} name placeholder.
 */
final class DynamoApprovalStore implements ApprovalStore {
  private static final Map<String, String> NAMES = Map.of("#status", "status");

  private final DynamoDbClient dynamo;
  private final String table;

  DynamoApprovalStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public Optional<ApprovalItem> decide(Decision d) {
    try {
      Map<String, AttributeValue> item =
          dynamo
              .updateItem(
                  r ->
                      r.tableName(table)
                          .key(key(d.incidentId()))
                          .updateExpression(
                              "SET #status = :decided, approver = :approver,"
                                  + " decidedAt = :decidedAt, decisionSource = :source")
                          .conditionExpression("#status = :pending AND expiresAt > :now")
                          .expressionAttributeNames(NAMES)
                          .expressionAttributeValues(
                              Map.of(
                                  ":decided", s(d.status()),
                                  ":approver", s(d.approver()),
                                  ":decidedAt", n(d.decidedAt().toEpochMilli()),
                                  ":source", s(d.source()),
                                  ":pending", s(ApprovalItem.PENDING),
                                  ":now", n(d.decidedAt().getEpochSecond())))
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      return Optional.of(parse(d.incidentId(), item));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<ApprovalItem> find(String incidentId) {
    Map<String, AttributeValue> item =
        dynamo.getItem(r -> r.tableName(table).key(key(incidentId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(parse(incidentId, item));
  }

  @Override
  public void expire(Decision d) {
    ifStillDecidedBy(d, "SET #status = :expired", Map.of(":expired", s(ApprovalItem.EXPIRED)));
  }

  @Override
  public void release(Decision d) {
    ifStillDecidedBy(
        d,
        "SET #status = :pending REMOVE approver, decidedAt, decisionSource",
        Map.of(":pending", s(ApprovalItem.PENDING)));
  }

  private void ifStillDecidedBy(
      Decision d, String update, Map<String, AttributeValue> updateValues) {
    Map<String, AttributeValue> values = new java.util.HashMap<>(updateValues);
    values.put(":decided", s(d.status()));
    values.put(":decidedAt", n(d.decidedAt().toEpochMilli()));
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(d.incidentId()))
                  .updateExpression(update)
                  .conditionExpression("#status = :decided AND decidedAt = :decidedAt")
                  .expressionAttributeNames(NAMES)
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException e) {
      // another decision or the workflow changed the item since: leave it as it is
    }
  }

  private static ApprovalItem parse(String incidentId, Map<String, AttributeValue> item) {
    return new ApprovalItem(
        incidentId,
        string(item, "taskToken"),
        string(item, "status"),
        instant(item, "requestedAt", true),
        instant(item, "expiresAt", false),
        string(item, "cluster"),
        string(item, "service"),
        string(item, "summary"),
        string(item, "approver"),
        instant(item, "decidedAt", true),
        string(item, "decisionSource"));
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static Instant instant(Map<String, AttributeValue> item, String name, boolean millis) {
    AttributeValue v = item.get(name);
    if (v == null || v.n() == null) {
      return null;
    }
    try {
      long n = Long.parseLong(v.n());
      return millis ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, AttributeValue> key(String incidentId) {
    return Map.of("pk", s("APPROVAL#" + incidentId), "sk", s("APPROVAL"));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
