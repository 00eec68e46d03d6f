package io.ecsmedic.aws.audit;

import io.ecsmedic.model.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The audit table (template.yaml AuditTable: string {@code pk} and {@code sk}, TTL on {@code
 * expiresAt}, the sparse index PendingDigest on {@code digest} / {@code pk}), and the only code
 * that knows its key layout and attribute names. Every function and the CLI read and write it
 * through the methods here; docs/architecture.md ("The audit table") lists the item kinds.
 *
 * <p>Every decision is a conditional write, so concurrent invocations for the same event,
 * fingerprint, approval or action cannot both win. {@code status} and {@code cluster} are DynamoDB
 * reserved words, hence the {@code #status} / {@code #cluster} name placeholders.
 */
public final class AuditTable {
  /** Idempotency claims only need to outlive EventBridge's redelivery window. */
  static final Duration EVENT_CLAIM_TTL = Duration.ofDays(2);

  /** An action claim outlives any retry of its incident's workflow. */
  static final Duration ACTION_CLAIM_TTL = Duration.ofDays(90);

  /** A rate counter only matters for its clock hour. */
  static final Duration RATE_COUNTER_TTL = Duration.ofDays(2);

  /** Digests per ECR plan item: a DynamoDB item holds 400 KB. */
  public static final int DIGESTS_PER_ITEM = 1000;

  static final String PENDING_DIGEST_INDEX = "PendingDigest";

  private static final String DENIED = "DENIED#";

  private static final String IN_PROGRESS = "IN_PROGRESS";
  private static final String DONE = "DONE";
  private static final String DIGEST_PENDING = "PENDING";
  private static final String OPEN = "OPEN";
  private static final String CLOSED = "CLOSED";
  private static final Map<String, String> STATUS = Map.of("#status", "status");
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  private final DynamoDbClient dynamo;
  private final String table;
  private final OpenIncidents openIncidents = new OpenIncidents();

  /**
   * @param table the AuditTableName stack output
   */
  public AuditTable(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  // ---- EVENT#<event id> / EVENT: idempotency claims ---------------------------------------

  /**
   * Claims an event id. False when another invocation handled it, or is handling it right now; a
   * claim older than {@code staleAfter} (a crashed invocation) can be taken over.
   */
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
                          "expiresAt", n(now.plus(EVENT_CLAIM_TTL).getEpochSecond())))
                  .conditionExpression(
                      "attribute_not_exists(pk) OR (#status = :inProgress AND claimedAt < :stale)")
                  .expressionAttributeNames(STATUS)
                  .expressionAttributeValues(
                      Map.of(
                          ":inProgress", s(IN_PROGRESS),
                          ":stale", n(now.minus(staleAfter).toEpochMilli()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** Marks a claimed event done, so later deliveries are recognised as duplicates. */
  public void completeEvent(String eventId) {
    dynamo.updateItem(
        r ->
            r.tableName(table)
                .key(eventKey(eventId))
                .updateExpression("SET #status = :done")
                .expressionAttributeNames(STATUS)
                .expressionAttributeValues(Map.of(":done", s(DONE))));
  }

  /** Gives a claim back after a failure, so the retry of the same event is processed. */
  public void releaseEvent(String eventId) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(eventKey(eventId))
                  .conditionExpression("#status = :inProgress")
                  .expressionAttributeNames(STATUS)
                  .expressionAttributeValues(Map.of(":inProgress", s(IN_PROGRESS))));
    } catch (ConditionalCheckFailedException e) {
      // already done: nothing to give back
    }
  }

  // ---- INCIDENT#<fingerprint> / INCIDENT: noise control and the digest ---------------------

  /**
   * Counts one occurrence of the finding's fingerprint and says whether this one should notify: the
   * first occurrence, or the first after the window since the last notification.
   *
   * <p>Two conditional updates decide it: the repeat (succeeds while the last notification is
   * inside the window; marks the incident {@code digest = PENDING}, which puts it in the
   * PendingDigest index) and the opening (claims the notification when there was none or the window
   * has passed). Exactly one of them can succeed for a given state, so the order only changes how
   * many calls an occurrence costs: {@link OpenIncidents} remembers which fingerprints this process
   * saw notified, and the likely one goes first, so a new incident and a repeat in a warm process
   * each cost one call. When the first guess fails the other is tried; if another invocation
   * changed the incident in between, the whole decision is taken again.
   *
   * @param expiresAt the incident's TTL when this occurrence opens it
   */
  public IncidentOccurrence countOccurrence(
      Finding finding, Instant now, Duration window, Instant expiresAt) {
    return countOccurrence(finding.fingerprint(), finding, now, window, expiresAt);
  }

  /**
   * The same under another incident key than the finding's fingerprint: a deployment's incident
   * ({@code DeploymentIncident}), which findings of every category during that deployment share.
   */
  public IncidentOccurrence countOccurrence(
      String fingerprint, Finding finding, Instant now, Duration window, Instant expiresAt) {
    Instant windowStart = now.minus(window);
    boolean repeatFirst = openIncidents.probablyOpen(fingerprint, windowStart);
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<IncidentOccurrence> counted =
          repeatFirst
              ? countRepeat(fingerprint, now, windowStart)
                  .or(() -> openIncident(fingerprint, finding, now, windowStart, expiresAt))
              : openIncident(fingerprint, finding, now, windowStart, expiresAt)
                  .or(() -> countRepeat(fingerprint, now, windowStart));
      if (counted.isPresent()) {
        return counted.get();
      }
      // the incident changed between the two updates (another invocation opened it, or its window
      // passed): decide again, repeat first as it is now most likely open
      repeatFirst = true;
    }
    throw new IllegalStateException("incident " + fingerprint + " kept changing under contention");
  }

  /** The repeat inside the window, or empty when there is no notification inside it. */
  private Optional<IncidentOccurrence> countRepeat(
      String fingerprint, Instant now, Instant windowStart) {
    try {
      Map<String, AttributeValue> item =
          dynamo
              .updateItem(
                  r ->
                      r.tableName(table)
                          .key(incidentKey(fingerprint))
                          .updateExpression(
                              "SET lastSeen = :now, digest = :pending"
                                  + " ADD occurrences :one, suppressed :one")
                          .conditionExpression("notifiedAt >= :windowStart")
                          .expressionAttributeValues(
                              Map.of(
                                  ":now", n(now.toEpochMilli()),
                                  ":one", n(1),
                                  ":windowStart", n(windowStart.toEpochMilli()),
                                  ":pending", s(DIGEST_PENDING)))
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      openIncidents.notified(fingerprint, number(item, "notifiedAt"));
      return Optional.of(
          new IncidentOccurrence(
              item.get("incidentId").s(),
              false,
              number(item, "occurrences"),
              number(item, "suppressed")));
    } catch (ConditionalCheckFailedException notInsideWindow) {
      openIncidents.forget(fingerprint);
      return Optional.empty();
    }
  }

  /** The notification claimed by this occurrence, or empty when one is inside the window. */
  private Optional<IncidentOccurrence> openIncident(
      String fingerprint, Finding finding, Instant now, Instant windowStart, Instant expiresAt) {
    String incidentId = incidentId(fingerprint, now);
    try {
      Map<String, AttributeValue> old =
          dynamo
              .updateItem(
                  r ->
                      r.tableName(table)
                          .key(incidentKey(fingerprint))
                          .updateExpression(
                              "SET notifiedAt = :now, incidentId = :incident, lastSeen = :now,"
                                  + " firstSeen = if_not_exists(firstSeen, :now), category = :category,"
                                  + " subcause = :subcause, suppressed = :zero, digested = :zero,"
                                  + " #cluster = :cluster, #service = :service, expiresAt = :expires"
                                  + " REMOVE digest ADD occurrences :one")
                          .conditionExpression(
                              "attribute_not_exists(notifiedAt) OR notifiedAt < :windowStart")
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
                                  ":expires", n(expiresAt.getEpochSecond()),
                                  ":windowStart", n(windowStart.toEpochMilli())))
                          .returnValues(ReturnValue.ALL_OLD))
              .attributes();
      openIncidents.notified(fingerprint, now.toEpochMilli());
      return Optional.of(
          new IncidentOccurrence(
              incidentId, true, number(old, "occurrences") + 1, number(old, "suppressed")));
    } catch (ConditionalCheckFailedException notifiedInsideWindow) {
      return Optional.empty();
    }
  }

  /** Undoes a notification claim whose notification could not be sent. */
  public void releaseNotification(String fingerprint, Instant claimedAt) {
    openIncidents.forget(fingerprint);
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

  /**
   * Every incident with unreported repeats: a paginated query of the sparse PendingDigest index
   * (keys only), then a consistent read of each incident.
   */
  public List<PendingDigest> pendingDigests() {
    List<PendingDigest> out = new ArrayList<>();
    for (Map<String, AttributeValue> key :
        queryAll(
            r ->
                r.indexName(PENDING_DIGEST_INDEX)
                    .keyConditionExpression("digest = :pending")
                    .expressionAttributeValues(Map.of(":pending", s(DIGEST_PENDING))))) {
      Map<String, AttributeValue> item =
          dynamo
              .getItem(
                  r ->
                      r.tableName(table)
                          .key(Map.of("pk", key.get("pk"), "sk", key.get("sk")))
                          .consistentRead(true))
              .item();
      if (item != null && !item.isEmpty()) {
        PendingDigest p = pendingDigest(item);
        if (p.unreported() > 0) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /**
   * Records that a digest reported the incident's repeats up to {@code suppressed}. The incident
   * leaves the index unless more repeats arrived meanwhile (or a new alert re-opened it).
   */
  public void markDigested(PendingDigest p) {
    Map<String, AttributeValue> key = incidentKey(p.fingerprint());
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

  /**
   * An incident's id: a short hash of its fingerprint and the second its notification was claimed,
   * so that it is stable within one window and new after it.
   */
  public static String incidentId(String fingerprint, Instant notifiedAt) {
    return shortHash(fingerprint) + "-" + notifiedAt.getEpochSecond();
  }

  // ---- CLUSTER#<cluster> / <time>#<event id>[#<decision>], PARKED, ECR: audit records ------

  /** Writes triage's record of one event (under PARKED when it could not be diagnosed). */
  public void recordEvent(EventRecord a) {
    Map<String, AttributeValue> item = new HashMap<>();
    Finding f = a.finding();
    String cluster = f == null ? null : f.resource().cluster();
    item.put("pk", s(a.parked() ? "PARKED" : clusterKey(cluster == null ? "-" : cluster)));
    item.put("sk", s(a.at() + "#" + a.eventId()));
    item.put("eventId", s(a.eventId()));
    item.put("at", s(a.at().toString()));
    item.put("decision", s(a.decision()));
    item.put("expiresAt", n(a.expiresAt().getEpochSecond()));
    putIfPresent(item, "mode", a.mode());
    putIfPresent(item, "detail", a.detail());
    putIfPresent(item, "incidentId", a.incidentId());
    if (f != null) {
      putIfPresent(item, "service", f.resource().service());
      putIfPresent(item, "task", f.resource().task());
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

  /** Writes the record of a remediation workflow decision beside triage's record of the event. */
  public void recordDecision(WorkflowRecord w) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", dashed(clusterKey(w.cluster())));
    item.put("sk", dashed(w.at() + "#" + w.eventId() + "#" + w.decision()));
    item.put("at", dashed(w.at().toString()));
    item.put("eventId", dashed(w.eventId()));
    item.put("incidentId", dashed(w.incidentId()));
    item.put("decision", dashed(w.decision()));
    item.put("mode", dashed(w.mode()));
    item.put("service", dashed(w.service()));
    item.put("category", dashed(w.category()));
    item.put("subcause", dashed(w.subcause()));
    item.put("summary", dashed(w.summary()));
    item.put("detail", dashed(w.detail()));
    item.put("expiresAt", n(w.expiresAt().getEpochSecond()));
    if (w.action() != null) {
      item.put("action", dashed(w.action()));
    }
    if (w.approver() != null && !w.approver().isBlank()) {
      item.put("approver", dashed(w.approver()));
    }
    if (w.calls() != null && !w.calls().isEmpty()) {
      item.put("calls", AttributeValue.fromL(w.calls().stream().map(AuditTable::dashed).toList()));
    }
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  /** Writes the record of an ECR cleanup decision. */
  public void recordCleanup(CleanupRecord c) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s("ECR"));
    item.put("sk", dashed(c.at() + "#" + c.runId() + "#" + c.decision()));
    item.put("at", dashed(c.at().toString()));
    item.put("runId", dashed(c.runId()));
    item.put("decision", dashed(c.decision()));
    item.put("detail", dashed(c.detail()));
    item.put("expiresAt", n(c.expiresAt().getEpochSecond()));
    if (c.approver() != null && !c.approver().isBlank()) {
      item.put("approver", dashed(c.approver()));
    }
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  /**
   * The audit records of a cluster (triage's and the workflow's) since {@code from}, newest first,
   * at most {@code limit}; only a service's when {@code service} is not null. Each record is given
   * as its text attributes by name ({@code at}, {@code decision}, {@code category}, …).
   */
  public List<Map<String, String>> clusterHistory(
      String cluster, String service, Instant from, int limit) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", s(clusterKey(cluster)));
    values.put(":from", s(from.toString()));
    if (service != null) {
      values.put(":service", s(service));
    }
    List<Map<String, String>> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    // Pages are fetched as the loop asks for items: it stops reading at the limit.
    for (Map<String, AttributeValue> item :
        queryAll(
            r -> {
              r.keyConditionExpression("pk = :pk AND sk >= :from")
                  .scanIndexForward(false)
                  .expressionAttributeValues(values);
              if (service != null) {
                r.filterExpression("service = :service");
              }
            })) {
      out.add(texts(item));
      if (out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  // ---- SLACK#<incident id> / THREAD --------------------------------------------------------

  /** The Slack thread of an incident, or empty when its alert never reached Slack. */
  public Optional<SlackThread> slackThread(String incidentId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(r -> r.tableName(table).key(slackKey(incidentId)).consistentRead(true))
            .item();
    if (item == null || !item.containsKey("ts") || !item.containsKey("channel")) {
      return Optional.empty();
    }
    return Optional.of(new SlackThread(item.get("channel").s(), item.get("ts").s()));
  }

  /** Remembers the Slack message that opened an incident, until {@code expiresAt}. */
  public void saveSlackThread(String incidentId, SlackThread thread, Instant expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>(slackKey(incidentId));
    item.put("channel", s(thread.channel()));
    item.put("ts", s(thread.ts()));
    item.put("expiresAt", n(expiresAt.getEpochSecond()));
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  // ---- APPROVAL#<incident id or run id> / APPROVAL -----------------------------------------

  /**
   * Stores a PENDING approval with the waiting task's token and its nonce, replacing any earlier
   * request under the same key (whose links then decide nothing: their nonce is gone).
   */
  public void putApprovalRequest(ApprovalRequest a) {
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "pk", s("APPROVAL#" + a.key()),
                        "sk", s("APPROVAL"),
                        "taskToken", s(a.taskToken()),
                        "status", s(ApprovalItem.PENDING),
                        "requestedAt", n(a.requestedAt().toEpochMilli()),
                        "expiresAt", n(a.expiresAt().getEpochSecond()),
                        "cluster", s(a.cluster()),
                        "service", s(a.service()),
                        "summary", s(a.summary()),
                        "nonce", s(a.nonce()))));
  }

  /** The approval under {@code key} as it is now (a consistent read), or empty. */
  public Optional<ApprovalItem> approval(String key) {
    Map<String, AttributeValue> item =
        dynamo.getItem(r -> r.tableName(table).key(approvalKey(key)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(approvalItem(key, item));
  }

  /** {@link #decideApproval(String, String, String, String, Instant, String)} for any request. */
  public Optional<ApprovalItem> decideApproval(
      String key, String status, String approver, String source, Instant decidedAt) {
    return decideApproval(key, status, approver, source, decidedAt, null);
  }

  /**
   * Records a decision if, and only if, the approval is PENDING, its window is still open at {@code
   * decidedAt} (milliseconds are kept) and, when {@code nonce} is given, it is still the request of
   * that nonce. The status leaves PENDING, so the nonce is consumed: a second use of the same link,
   * or a link of a replaced request, fails the condition. The approver is stored through {@link
   * AuditText}.
   *
   * @param status APPROVED or REJECTED
   * @param nonce the request the decider saw (a link's, the CLI's read); null: whichever is pending
   * @return the approval as decided (with its task token), or empty when the condition failed
   */
  public Optional<ApprovalItem> decideApproval(
      String key, String status, String approver, String source, Instant decidedAt, String nonce) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":decided", s(status));
    values.put(":approver", s(orDash(AuditText.identity(approver))));
    values.put(":decidedAt", n(decidedAt.toEpochMilli()));
    values.put(":source", s(source));
    values.put(":pending", s(ApprovalItem.PENDING));
    values.put(":now", n(decidedAt.getEpochSecond()));
    String condition = "#status = :pending AND expiresAt > :now";
    if (nonce != null) {
      values.put(":nonce", s(nonce));
      condition += " AND nonce = :nonce";
    }
    String when = condition;
    try {
      Map<String, AttributeValue> item =
          dynamo
              .updateItem(
                  r ->
                      r.tableName(table)
                          .key(approvalKey(key))
                          .updateExpression(
                              "SET #status = :decided, approver = :approver,"
                                  + " decidedAt = :decidedAt, decisionSource = :source")
                          .conditionExpression(when)
                          .expressionAttributeNames(STATUS)
                          .expressionAttributeValues(values)
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      return Optional.of(approvalItem(key, item));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  /**
   * Step Functions no longer waits for this decision: marks the approval EXPIRED, if it still
   * carries the decision ({@code status} and {@code decidedAt}).
   */
  public void expireApproval(String key, String status, Instant decidedAt) {
    ifStillDecided(
        key,
        status,
        decidedAt,
        "SET #status = :expired",
        Map.of(":expired", s(ApprovalItem.EXPIRED)));
  }

  /**
   * Step Functions could not be told of this decision: puts the approval back to PENDING, if it
   * still carries the decision, so that it can be decided again.
   */
  public void reopenApproval(String key, String status, Instant decidedAt) {
    ifStillDecided(
        key,
        status,
        decidedAt,
        "SET #status = :pending REMOVE approver, decidedAt, decisionSource",
        Map.of(":pending", s(ApprovalItem.PENDING)));
  }

  private void ifStillDecided(
      String key,
      String status,
      Instant decidedAt,
      String update,
      Map<String, AttributeValue> updateValues) {
    Map<String, AttributeValue> values = new HashMap<>(updateValues);
    values.put(":decided", s(status));
    values.put(":decidedAt", n(decidedAt.toEpochMilli()));
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(approvalKey(key))
                  .updateExpression(update)
                  .conditionExpression("#status = :decided AND decidedAt = :decidedAt")
                  .expressionAttributeNames(STATUS)
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException e) {
      // another decision or the workflow changed the item since: leave it as it is
    }
  }

  /**
   * Records a refused attempt to decide the approval under {@code d.key()}, next to it ({@code
   * APPROVAL#<key>} / {@code DENIED#<ISO time>#<random>}), until {@code expiresAt} (the audit
   * retention). Every text passes through {@link AuditText}.
   */
  public void recordApprovalDenial(ApprovalDenial d, Instant expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s("APPROVAL#" + d.key()));
    item.put("sk", s(DENIED + d.at() + "#" + ApprovalRequest.freshNonce().substring(0, 8)));
    item.put("who", s(orDash(AuditText.identity(d.who()))));
    item.put("where", s(orDash(AuditText.clean(d.where(), AuditText.MAX_TEXT))));
    item.put("source", s(orDash(AuditText.identity(d.source()))));
    item.put("reason", s(orDash(AuditText.clean(d.reason(), AuditText.MAX_TEXT))));
    item.put("deniedAt", n(d.at().toEpochMilli()));
    item.put("expiresAt", n(expiresAt.getEpochSecond()));
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  /** The refused attempts on the approval under {@code key}, oldest first. */
  public List<ApprovalDenial> approvalDenials(String key) {
    List<ApprovalDenial> out = new ArrayList<>();
    for (Map<String, AttributeValue> item :
        queryAll(
            r ->
                r.keyConditionExpression("pk = :pk AND begins_with(sk, :denied)")
                    .expressionAttributeValues(
                        Map.of(":pk", s("APPROVAL#" + key), ":denied", s(DENIED))))) {
      out.add(
          new ApprovalDenial(
              key,
              instant(item, "deniedAt", true),
              text(item, "who"),
              text(item, "where"),
              text(item, "source"),
              text(item, "reason")));
    }
    return out;
  }

  // ---- ACTION#<incident id> / ACTION and RATE#… / <hour>: the workflow's guardrails ---------

  /** Claims the one action an incident may have applied; false when one was claimed already. */
  public boolean claimAction(String incidentId, String action, Instant now) {
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          "pk", s("ACTION#" + incidentId),
                          "sk", s("ACTION"),
                          "action", s(action),
                          "claimedAt", s(now.toString()),
                          "expiresAt", n(now.plus(ACTION_CLAIM_TTL).getEpochSecond())))
                  .conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /**
   * Counts one action on a service in the UTC hour of {@code now}; false, counting nothing, when
   * {@code max} were counted already.
   */
  public boolean countServiceAction(String cluster, String service, Instant now, int max) {
    return countAction("RATE#SERVICE#" + cluster + "/" + service, now, max);
  }

  /**
   * As {@link #countServiceAction}, for every action in one account ({@code
   * RATE#ACCOUNT#<account>}, {@code -} when the finding names none): each member account has its
   * own budget.
   */
  public boolean countAccountAction(String account, Instant now, int max) {
    return countAction("RATE#ACCOUNT#" + (account == null ? "-" : account), now, max);
  }

  private boolean countAction(String pk, Instant now, int max) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(Map.of("pk", s(pk), "sk", s(HOUR.format(now))))
                  .updateExpression("ADD actions :one SET expiresAt = :expires")
                  .conditionExpression("attribute_not_exists(actions) OR actions < :max")
                  .expressionAttributeValues(
                      Map.of(
                          ":one", n(1),
                          ":max", n(max),
                          ":expires", n(now.plus(RATE_COUNTER_TTL).getEpochSecond()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  // ---- PLAN#<incident id> / PLAN: the plan Apply may claim, once -----------------------------

  /**
   * Stores the plan the Plan step decided, once per incident. True when stored, or when a plan of
   * the same action is stored already (a retried Plan step, or the incident re-run), which is left
   * as it is, approved, checked or claimed; false when the incident has a plan of another action.
   */
  public boolean putPlan(PlanRecord p) {
    String status = p.auto() ? PlanItem.AUTO : PlanItem.PENDING;
    Map<String, AttributeValue> item = new HashMap<>(planItemKey(p.incidentId()));
    item.put("status", s(status));
    item.put("cluster", dashed(p.cluster()));
    item.put("service", dashed(p.service()));
    item.put("action", s(p.action()));
    item.put("actionDigest", s(p.actionDigest()));
    item.put("plannedAt", n(p.plannedAt().toEpochMilli()));
    item.put("expiresAt", n(p.expiresAt().getEpochSecond()));
    if (p.auto()) {
      item.put("approver", s(PlanItem.AUTO));
    }
    try {
      dynamo.putItem(
          r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return plan(p.incidentId())
          .map(old -> old.actionDigest().equals(p.actionDigest()))
          .orElse(false);
    }
  }

  /** The incident's plan as it stands (a consistent read), or empty. */
  public Optional<PlanItem> plan(String incidentId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(r -> r.tableName(table).key(planItemKey(incidentId)).consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new PlanItem(
            incidentId,
            text(item, "action"),
            text(item, "actionDigest"),
            text(item, "status"),
            text(item, "approver"),
            instant(item, "expiresAt", false),
            instant(item, "checkedAt", true),
            instant(item, "claimedAt", true)));
  }

  /** Marks a PENDING plan approved by {@code approver}; false when it is not pending or expired. */
  public boolean approvePlan(String incidentId, String approver, Instant now) {
    return updatePlan(
        incidentId,
        "SET #status = :approved, approver = :approver",
        "#status = :pending AND expiresAt > :now",
        Map.of(
            ":approved", s(PlanItem.APPROVED),
            ":approver", s(approver),
            ":pending", s(PlanItem.PENDING),
            ":now", n(now.getEpochSecond())));
  }

  /**
   * Records that the Re-check passed an approved (or AUTO) plan; false when the plan is not
   * approved, expired, or claimed already.
   */
  public boolean checkPlan(String incidentId, Instant now) {
    return updatePlan(
        incidentId,
        "SET checkedAt = :at",
        "#status IN (:approved, :auto) AND expiresAt > :now AND attribute_not_exists(claimedAt)",
        Map.of(
            ":at", n(now.toEpochMilli()),
            ":approved", s(PlanItem.APPROVED),
            ":auto", s(PlanItem.AUTO),
            ":now", n(now.getEpochSecond())));
  }

  /**
   * Claims the plan for Apply, once: it exists, is approved (or AUTO), passed the Re-check, has not
   * expired, was not claimed before, and its action digest is the one to apply. False otherwise,
   * and nothing is written.
   */
  public boolean claimPlan(String incidentId, String actionDigest, Instant now) {
    return updatePlan(
        incidentId,
        "SET claimedAt = :at",
        "#status IN (:approved, :auto) AND expiresAt > :now AND attribute_exists(checkedAt)"
            + " AND attribute_not_exists(claimedAt) AND actionDigest = :digest",
        Map.of(
            ":at", n(now.toEpochMilli()),
            ":approved", s(PlanItem.APPROVED),
            ":auto", s(PlanItem.AUTO),
            ":now", n(now.getEpochSecond()),
            ":digest", s(actionDigest)));
  }

  private boolean updatePlan(
      String incidentId, String update, String condition, Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(planItemKey(incidentId))
                  .updateExpression(update)
                  .conditionExpression("attribute_exists(pk) AND " + condition)
                  .expressionAttributeNames(STATUS)
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  // ---- PROPOSAL#<change> / PROPOSAL: one open proposal per change ---------------------------

  /**
   * Opens the one proposal of a change (a service, an action and its target), or joins the one that
   * is open: returns the incident id that owns the open proposal, which is {@code incidentId} when
   * this call opened it (or had opened it before). A proposal closed or past {@code expiresAt} is
   * replaced. A joining incident is added to the proposal's {@code joined} set.
   */
  public String openProposal(String change, String incidentId, Instant now, Instant expiresAt) {
    Map<String, AttributeValue> key = proposalKey(change);
    for (int attempt = 0; attempt < 3; attempt++) {
      Map<String, AttributeValue> item = new HashMap<>(key);
      item.put("status", s(OPEN));
      item.put("incidentId", s(incidentId));
      item.put("openedAt", n(now.toEpochMilli()));
      item.put("expiresAt", n(expiresAt.getEpochSecond()));
      try {
        dynamo.putItem(
            r ->
                r.tableName(table)
                    .item(item)
                    .conditionExpression(
                        "attribute_not_exists(pk) OR #status <> :open OR expiresAt <= :now"
                            + " OR incidentId = :incident")
                    .expressionAttributeNames(STATUS)
                    .expressionAttributeValues(
                        Map.of(
                            ":open", s(OPEN),
                            ":now", n(now.getEpochSecond()),
                            ":incident", s(incidentId))));
        return incidentId;
      } catch (ConditionalCheckFailedException open) {
        try {
          Map<String, AttributeValue> joined =
              dynamo
                  .updateItem(
                      r ->
                          r.tableName(table)
                              .key(key)
                              .updateExpression("ADD joined :incident")
                              .conditionExpression("#status = :open AND expiresAt > :now")
                              .expressionAttributeNames(STATUS)
                              .expressionAttributeValues(
                                  Map.of(
                                      ":incident", AttributeValue.fromSs(List.of(incidentId)),
                                      ":open", s(OPEN),
                                      ":now", n(now.getEpochSecond())))
                              .returnValues(ReturnValue.ALL_NEW))
                  .attributes();
          return joined.get("incidentId").s();
        } catch (ConditionalCheckFailedException closedMeanwhile) {
          // the open proposal was closed or expired between the two writes: try to open again
        }
      }
    }
    throw new IllegalStateException("proposal " + change + " kept changing under contention");
  }

  /** Closes the change's proposal if {@code incidentId} owns it and it is open; else nothing. */
  public void closeProposal(String change, String incidentId, Instant now) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(proposalKey(change))
                  .updateExpression("SET #status = :closed, closedAt = :at")
                  .conditionExpression("#status = :open AND incidentId = :incident")
                  .expressionAttributeNames(STATUS)
                  .expressionAttributeValues(
                      Map.of(
                          ":closed", s(CLOSED),
                          ":open", s(OPEN),
                          ":at", n(now.toEpochMilli()),
                          ":incident", s(incidentId))));
    } catch (ConditionalCheckFailedException e) {
      // closed already, or another incident's proposal: nothing to close
    }
  }

  // ---- ECRPLAN#<run id> / CLAIM: the cleanup's one delete -----------------------------------

  /**
   * Claims a stored cleanup plan for its one delete, once; false when it was claimed before.
   *
   * @param approver who approved the plan, as the approval item records it
   */
  public boolean claimCleanupPlan(String runId, String approver, Instant now, Instant expiresAt) {
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          "pk", s(planKey(runId)),
                          "sk", s("CLAIM"),
                          "approver", dashed(approver),
                          "claimedAt", n(now.toEpochMilli()),
                          "expiresAt", n(expiresAt.getEpochSecond())))
                  .conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  // ---- ECRPLAN#<run id> / REPO#<repository>#<n>, SUMMARY: a stored cleanup plan ------------

  /**
   * Stores a cleanup plan: the digests of each repository in items of {@value #DIGESTS_PER_ITEM}
   * ({@code n} is the chunk's offset), then the summary.
   */
  public void storeCleanupPlan(CleanupPlan plan) {
    AttributeValue pk = s(planKey(plan.runId()));
    AttributeValue expires = n(plan.expiresAt().getEpochSecond());
    plan.digests()
        .forEach(
            (repository, digests) -> {
              for (int i = 0; i < digests.size(); i += DIGESTS_PER_ITEM) {
                List<String> chunk =
                    digests.subList(i, Math.min(i + DIGESTS_PER_ITEM, digests.size()));
                Map<String, AttributeValue> item =
                    Map.of(
                        "pk", pk,
                        "sk", dashed("REPO#" + repository + "#" + i),
                        "repository", dashed(repository),
                        "digests", AttributeValue.fromSs(chunk),
                        "expiresAt", expires);
                dynamo.putItem(r -> r.tableName(table).item(item));
              }
            });
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "pk", pk,
                        "sk", s("SUMMARY"),
                        "deletions", n(plan.deletions()),
                        "text", dashed(plan.text()),
                        "expiresAt", expires)));
  }

  /** The stored plan's summary, or empty when there is none (never stored, or expired). */
  public Optional<CleanupPlanSummary> cleanupPlanSummary(String runId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .key(Map.of("pk", s(planKey(runId)), "sk", s("SUMMARY")))
                        .consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CleanupPlanSummary(number(item, "deletions"), item.get("text").s()));
  }

  /** The stored plan's digests by repository (empty when there is none). */
  public Map<String, Set<String>> cleanupPlanDigests(String runId) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item :
        queryAll(
            r ->
                r.keyConditionExpression("pk = :pk AND begins_with(sk, :repo)")
                    .expressionAttributeValues(
                        Map.of(":pk", s(planKey(runId)), ":repo", s("REPO#"))))) {
      out.computeIfAbsent(item.get("repository").s(), k -> new HashSet<>())
          .addAll(item.get("digests").ss());
    }
    return out;
  }

  // ---- keys and attributes -----------------------------------------------------------------

  static String clusterKey(String cluster) {
    return "CLUSTER#" + cluster;
  }

  private static String planKey(String runId) {
    return "ECRPLAN#" + runId;
  }

  private static Map<String, AttributeValue> eventKey(String eventId) {
    return Map.of("pk", s("EVENT#" + eventId), "sk", s("EVENT"));
  }

  private static Map<String, AttributeValue> incidentKey(String fingerprint) {
    return Map.of("pk", s("INCIDENT#" + fingerprint), "sk", s("INCIDENT"));
  }

  private static Map<String, AttributeValue> slackKey(String incidentId) {
    return Map.of("pk", s("SLACK#" + incidentId), "sk", s("THREAD"));
  }

  private static Map<String, AttributeValue> planItemKey(String incidentId) {
    return Map.of("pk", s("PLAN#" + incidentId), "sk", s("PLAN"));
  }

  private static Map<String, AttributeValue> proposalKey(String change) {
    return Map.of("pk", s("PROPOSAL#" + change), "sk", s("PROPOSAL"));
  }

  private static Map<String, AttributeValue> approvalKey(String key) {
    return Map.of("pk", s("APPROVAL#" + key), "sk", s("APPROVAL"));
  }

  private static PendingDigest pendingDigest(Map<String, AttributeValue> item) {
    long suppressed = number(item, "suppressed");
    return new PendingDigest(
        item.get("pk").s().substring("INCIDENT#".length()),
        textOrDash(item, "incidentId"),
        textOrDash(item, "category"),
        textOrDash(item, "subcause"),
        textOrDash(item, "cluster"),
        textOrDash(item, "service"),
        suppressed,
        suppressed - number(item, "digested"),
        Instant.ofEpochMilli(number(item, "notifiedAt")),
        Instant.ofEpochMilli(number(item, "lastSeen")));
  }

  private static ApprovalItem approvalItem(String key, Map<String, AttributeValue> item) {
    return new ApprovalItem(
        key,
        text(item, "taskToken"),
        text(item, "status"),
        instant(item, "requestedAt", true),
        instant(item, "expiresAt", false),
        text(item, "cluster"),
        text(item, "service"),
        text(item, "summary"),
        text(item, "approver"),
        instant(item, "decidedAt", true),
        text(item, "decisionSource"),
        text(item, "nonce"));
  }

  private static Map<String, String> texts(Map<String, AttributeValue> item) {
    Map<String, String> out = new LinkedHashMap<>();
    item.forEach(
        (name, value) -> {
          if (value.s() != null) {
            out.put(name, value.s());
          }
        });
    return out;
  }

  /**
   * Every item a query of this table matches, page after page: the SDK's paginator follows
   * LastEvaluatedKey, and fetches the next page only when the caller reads past the last one.
   */
  private Iterable<Map<String, AttributeValue>> queryAll(Consumer<QueryRequest.Builder> query) {
    return dynamo.queryPaginator(r -> query.accept(r.tableName(table))).items();
  }

  private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
    if (value != null && !value.isEmpty()) {
      item.put(name, s(value));
    }
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static String textOrDash(Map<String, AttributeValue> item, String name) {
    String v = text(item, name);
    return v == null ? "-" : v;
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item == null ? null : item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
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

  /** Characters of a stored posture scan per item: a DynamoDB item holds 400 KB of UTF-8. */
  public static final int POSTURE_CHARS_PER_ITEM = 100_000;

  private static final String POSTURE_INDEX = "POSTURE";

  /**
   * Stores a posture scan: its JSON in chunks under {@code POSTURE#<run id>} ({@code PART#000}, …)
   * and one index item under {@code POSTURE} sorted by time, so the newest scans are one Query
   * away. The index item is written last: a scan is listed only once all its parts are there.
   */
  public void storePostureScan(
      String runId, String scannedAt, String headline, String json, Instant expiresAt) {
    AttributeValue expires = n(expiresAt.getEpochSecond());
    int parts = 0;
    for (int i = 0; i < json.length(); i += POSTURE_CHARS_PER_ITEM, parts++) {
      String chunk = json.substring(i, Math.min(i + POSTURE_CHARS_PER_ITEM, json.length()));
      String sk = String.format("PART#%03d", parts);
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          "pk", s(POSTURE_INDEX + "#" + runId),
                          "sk", s(sk),
                          "json", s(chunk),
                          "expiresAt", expires)));
    }
    int count = parts;
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "pk", s(POSTURE_INDEX),
                        "sk", s(scannedAt + "#" + runId),
                        "runId", s(runId),
                        "parts", n(count),
                        "headline", dashed(headline),
                        "expiresAt", expires)));
  }

  /** The stored posture scans' JSON, newest first, at most {@code limit}. */
  public List<String> latestPostureScans(int limit) {
    List<Map<String, AttributeValue>> index =
        dynamo
            .query(
                r ->
                    r.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(POSTURE_INDEX)))
                        .scanIndexForward(false)
                        .limit(limit))
            .items();
    List<String> scans = new ArrayList<>();
    for (Map<String, AttributeValue> entry : index) {
      String runId = entry.get("runId").s();
      StringBuilder json = new StringBuilder();
      queryAll(
              r ->
                  r.keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(Map.of(":pk", s(POSTURE_INDEX + "#" + runId)))
                      .consistentRead(true))
          .forEach(item -> json.append(item.get("json").s()));
      scans.add(json.toString());
    }
    return scans;
  }

  static String orDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }

  private static AttributeValue dashed(String value) {
    return s(orDash(value));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
