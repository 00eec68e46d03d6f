package io.ecsmedic.triage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The incidents whose repeats no alert or digest has reported yet. Triage marks an incident {@code
 * digest = PENDING} on each suppressed repeat; the sparse index PendingDigest (template.yaml, keys
 * only) holds exactly those incidents, so the digest job reads a handful of keys instead of
 * scanning the audit table.
 */
final class DynamoIncidentDigests {
  static final String PENDING = "PENDING";
  static final String INDEX = "PendingDigest";

  /**
   * An incident with repeats to report.
   *
   * @param suppressed repeats since the incident's alert
   * @param unreported of those, how many no digest has reported yet
   */
  record Pending(
      String fingerprint,
      String incidentId,
      String category,
      String subcause,
      String cluster,
      String service,
      long suppressed,
      long unreported,
      Instant notifiedAt,
      Instant lastSeen) {}

  private final DynamoDbClient dynamo;
  private final String table;

  DynamoIncidentDigests(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** Every pending incident (paginated index query, then a consistent read of each incident). */
  List<Pending> pending() {
    List<Pending> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page =
          dynamo.query(
              r ->
                  r.tableName(table)
                      .indexName(INDEX)
                      .keyConditionExpression("digest = :pending")
                      .expressionAttributeValues(Map.of(":pending", AttributeValue.fromS(PENDING)))
                      .exclusiveStartKey(from));
      for (Map<String, AttributeValue> key : page.items()) {
        Map<String, AttributeValue> item =
            dynamo
                .getItem(
                    r ->
                        r.tableName(table)
                            .key(Map.of("pk", key.get("pk"), "sk", key.get("sk")))
                            .consistentRead(true))
                .item();
        if (item != null && !item.isEmpty()) {
          Pending p = pending(item);
          if (p.unreported() > 0) {
            out.add(p);
          }
        }
      }
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return out;
  }

  /**
   * Records that a digest reported the incident's repeats up to {@code suppressed}. The incident
   * leaves the index unless more repeats arrived meanwhile (or a new alert re-opened it).
   */
  void markReported(Pending p) {
    Map<String, AttributeValue> key =
        Map.of(
            "pk", AttributeValue.fromS("INCIDENT#" + p.fingerprint()),
            "sk", AttributeValue.fromS("INCIDENT"));
    Map<String, AttributeValue> values =
        Map.of(
            ":reported", n(p.suppressed()),
            ":notifiedAt", n(p.notifiedAt().toEpochMilli()));
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key)
                  .updateExpression("SET digested = :reported REMOVE digest")
                  .conditionExpression("suppressed = :reported AND notifiedAt = :notifiedAt")
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException moreArrived) {
      try {
        dynamo.updateItem(
            r ->
                r.tableName(table)
                    .key(key)
                    .updateExpression("SET digested = :reported")
                    .conditionExpression("notifiedAt = :notifiedAt AND suppressed >= :reported")
                    .expressionAttributeValues(values));
      } catch (ConditionalCheckFailedException reopened) {
        // a new alert re-opened the incident and reset its counts: nothing left to mark
      }
    }
  }

  private static Pending pending(Map<String, AttributeValue> item) {
    long suppressed = number(item, "suppressed");
    return new Pending(
        item.get("pk").s().substring("INCIDENT#".length()),
        text(item, "incidentId"),
        text(item, "category"),
        text(item, "subcause"),
        text(item, "cluster"),
        text(item, "service"),
        suppressed,
        suppressed - number(item, "digested"),
        Instant.ofEpochMilli(number(item, "notifiedAt")),
        Instant.ofEpochMilli(number(item, "lastSeen")));
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.s() == null ? "-" : v.s();
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
