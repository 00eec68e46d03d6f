package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The audit table (template.yaml AuditTable: pk/sk strings, TTL on expiresAt). Item kinds:
 *
 * <ul>
 *   <li>{@code EVENT#<id> / EVENT}: the idempotency claim of an event id, IN_PROGRESS then DONE;
 *   <li>{@code INCIDENT#<fingerprint> / INCIDENT}: occurrences, the last notification time, the
 *       repeats folded since and how many of them a digest reported; {@code digest = PENDING} while
 *       some are unreported, which puts the incident in the sparse PendingDigest index that the
 *       digest job reads (DynamoIncidentDigests);
 *   <li>{@code CLUSTER#<cluster> / <event time>#<event id>}: the audit record of one event, read by
 *       {@code ecs-medic history}; {@code PARKED / ...} for events that could not be diagnosed.
 * </ul>
 *
 * Every decision is a conditional write, so concurrent invocations for the same event or
 * fingerprint cannot both notify.
 */
final class DynamoAuditStore implements AuditStore {
  private static final String IN_PROGRESS = "IN_PROGRESS";
  private static final String DONE = "DONE";

  /** Idempotency claims only need to outlive EventBridge's redelivery window. */
  private static final Duration CLAIM_TTL = Duration.ofDays(2);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration retention;

  DynamoAuditStore(DynamoDbClient dynamo, String table, Duration retention) {
    this.dynamo = dynamo;
    this.table = table;
    this.retention = retention;
  }

  @Override
  public boolean claimEvent(String eventId, Instant now, Duration staleAfter) {
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          "pk", s("EVENT#" + eventId),
                          "sk", s("EVENT"),
                          "status", s(IN_PROGRESS),
                          "claimedAt", n(now.toEpochMilli()),
                          "expiresAt", n(now.plus(CLAIM_TTL).getEpochSecond())))
                  .conditionExpression(
                      "attribute_not_exists(pk) OR (#status = :inProgress AND claimedAt < :stale)")
                  .expressionAttributeNames(Map.of("#status", "status"))
                  .expressionAttributeValues(
                      Map.of(
                          ":inProgress", s(IN_PROGRESS),
                          ":stale", n(now.minus(staleAfter).toEpochMilli()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public void completeEvent(String eventId) {
    dynamo.updateItem(
        r ->
            r.tableName(table)
                .key(eventKey(eventId))
                .updateExpression("SET #status = :done")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":done", s(DONE))));
  }

  @Override
  public void releaseEvent(String eventId) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(eventKey(eventId))
                  .conditionExpression("#status = :inProgress")
                  .expressionAttributeNames(Map.of("#status", "status"))
                  .expressionAttributeValues(Map.of(":inProgress", s(IN_PROGRESS))));
    } catch (ConditionalCheckFailedException e) {
      // already done: nothing to give back
    }
  }

  /**
   * Storms are mostly repeats, so the repeat is tried first: one conditional update that succeeds
   * while the last notification is inside the window. Only when it fails (a new fingerprint, or the
   * window has passed) does a second conditional update claim the notification; if another
   * invocation claimed it in between, this occurrence is a repeat after all.
   */
  @Override
  public Occurrence recordOccurrence(Finding finding, Instant now, Duration window) {
    String fingerprint = finding.fingerprint();
    Map<String, AttributeValue> key = incidentKey(fingerprint);
    AttributeValue windowStart = n(now.minus(window).toEpochMilli());
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        Map<String, AttributeValue> item =
            dynamo
                .updateItem(
                    r ->
                        r.tableName(table)
                            .key(key)
                            .updateExpression(
                                "SET lastSeen = :now, digest = :pending"
                                    + " ADD occurrences :one, suppressed :one")
                            .conditionExpression("notifiedAt >= :windowStart")
                            .expressionAttributeValues(
                                Map.of(
                                    ":now",
                                    n(now.toEpochMilli()),
                                    ":one",
                                    n(1),
                                    ":windowStart",
                                    windowStart,
                                    ":pending",
                                    s(DynamoIncidentDigests.PENDING)))
                            .returnValues(ReturnValue.ALL_NEW))
                .attributes();
        return new Occurrence(
            item.get("incidentId").s(),
            false,
            number(item, "occurrences"),
            number(item, "suppressed"));
      } catch (ConditionalCheckFailedException repeatFailed) {
        String incidentId = shortHash(fingerprint) + "-" + now.getEpochSecond();
        try {
          Map<String, AttributeValue> old =
              dynamo
                  .updateItem(
                      r ->
                          r.tableName(table)
                              .key(key)
                              .updateExpression(
                                  "SET notifiedAt = :now, incidentId = :incident, lastSeen = :now,"
                                      + " firstSeen = if_not_exists(firstSeen, :now), category = :category,"
                                      + " subcause = :subcause, suppressed = :zero, digested = :zero,"
                                      + " #cluster = :cluster, #service = :service, expiresAt = :expires"
                                      + " REMOVE digest ADD occurrences :one")
                              .conditionExpression(
                                  "attribute_not_exists(notifiedAt) OR notifiedAt < :windowStart")
                              // CLUSTER is a DynamoDB reserved word
                              .expressionAttributeNames(
                                  Map.of("#cluster", "cluster", "#service", "service"))
                              .expressionAttributeValues(
                                  Map.of(
                                      ":now", n(now.toEpochMilli()),
                                      ":incident", s(incidentId),
                                      ":category", s(finding.category().name()),
                                      ":subcause", s(finding.subcause()),
                                      ":cluster", s(orDash(finding.resource().cluster())),
                                      ":service", s(orDash(finding.resource().service())),
                                      ":zero", n(0),
                                      ":one", n(1),
                                      ":expires", n(now.plus(retention).getEpochSecond()),
                                      ":windowStart", windowStart))
                              .returnValues(ReturnValue.ALL_OLD))
                  .attributes();
          return new Occurrence(
              incidentId, true, number(old, "occurrences") + 1, number(old, "suppressed"));
        } catch (ConditionalCheckFailedException claimedMeanwhile) {
          // another invocation opened the incident between the two updates: count as a repeat
        }
      }
    }
    throw new IllegalStateException("incident " + fingerprint + " kept changing under contention");
  }

  @Override
  public void releaseNotification(String fingerprint, Instant claimedAt) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(incidentKey(fingerprint))
                  .updateExpression("REMOVE notifiedAt")
                  .conditionExpression("notifiedAt = :claimedAt")
                  .expressionAttributeValues(Map.of(":claimedAt", n(claimedAt.toEpochMilli()))));
    } catch (ConditionalCheckFailedException e) {
      // another invocation notified since: nothing to undo
    }
  }

  @Override
  public void record(AuditRecord a) {
    Map<String, AttributeValue> item = new HashMap<>();
    Finding f = a.finding();
    String cluster = f == null ? null : f.resource().cluster();
    item.put("pk", s(f == null ? "PARKED" : "CLUSTER#" + (cluster == null ? "-" : cluster)));
    item.put("sk", s(a.at() + "#" + a.eventId()));
    item.put("eventId", s(a.eventId()));
    item.put("at", s(a.at().toString()));
    item.put("decision", s(a.decision()));
    item.put("expiresAt", n(a.at().plus(retention).getEpochSecond()));
    put(item, "mode", a.mode());
    put(item, "detail", a.detail());
    put(item, "incidentId", a.incidentId());
    if (f != null) {
      put(item, "service", f.resource().service());
      put(item, "task", f.resource().task());
      item.put("category", s(f.category().name()));
      item.put("subcause", s(f.subcause()));
      item.put("signatureId", s(f.signatureId()));
      item.put("summary", s(f.summary()));
      item.put("fingerprint", s(f.fingerprint()));
      item.put("detailType", s(f.detailType()));
      item.put("runbook", s(f.runbook()));
    }
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  private static String orDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }

  private static Map<String, AttributeValue> eventKey(String eventId) {
    return Map.of("pk", s("EVENT#" + eventId), "sk", s("EVENT"));
  }

  private static Map<String, AttributeValue> incidentKey(String fingerprint) {
    return Map.of("pk", s("INCIDENT#" + fingerprint), "sk", s("INCIDENT"));
  }

  private static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null && !value.isEmpty()) {
      item.put(name, s(value));
    }
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item == null ? null : item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
