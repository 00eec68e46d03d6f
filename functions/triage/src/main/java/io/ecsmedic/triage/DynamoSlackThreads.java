package io.ecsmedic.triage;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Incident threads in the audit table: {@code SLACK#<incident id> / THREAD} with the channel id and
 * message ts, kept as long as the audit records (TTL on expiresAt).
 */
final class DynamoSlackThreads implements SlackThreadStore {
  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration retention;
  private final Clock clock;

  DynamoSlackThreads(DynamoDbClient dynamo, String table, Duration retention, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public Optional<SlackThread> threadOf(String incidentId) {
    Map<String, AttributeValue> item =
        dynamo.getItem(r -> r.tableName(table).key(key(incidentId)).consistentRead(true)).item();
    if (item == null || !item.containsKey("ts")) {
      return Optional.empty();
    }
    return Optional.of(new SlackThread(item.get("channel").s(), item.get("ts").s()));
  }

  @Override
  public void saveThread(String incidentId, String channel, String ts) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(key(incidentId));
    item.put("channel", AttributeValue.fromS(channel));
    item.put("ts", AttributeValue.fromS(ts));
    item.put(
        "expiresAt",
        AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond())));
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  private static Map<String, AttributeValue> key(String incidentId) {
    return Map.of(
        "pk", AttributeValue.fromS("SLACK#" + incidentId), "sk", AttributeValue.fromS("THREAD"));
  }
}
