package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.audit.ApprovalDenial;
import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.ApprovalRequest;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.CleanupPlan;
import io.ecsmedic.aws.audit.CleanupPlanSummary;
import io.ecsmedic.aws.audit.CleanupRecord;
import io.ecsmedic.aws.audit.EventRecord;
import io.ecsmedic.aws.audit.IncidentOccurrence;
import io.ecsmedic.aws.audit.PendingDigest;
import io.ecsmedic.aws.audit.SlackThread;
import io.ecsmedic.aws.audit.WorkflowRecord;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.model.Finding;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Every item kind of the audit table, written and read through {@link AuditTable} against a real
 * table in the emulator (created here with template.yaml's keys and PendingDigest index), and
 * checked item by item: the key layout and attribute names are what existing data, the CLI and the
 * template's index depend on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTableIT {
  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");
  private static final Duration WINDOW = Duration.ofHours(1);

  private final String name = "ecs-medic-audit-it-" + System.nanoTime();
  private DynamoDbClient dynamo;
  private AuditTable table;

  @BeforeAll
  void createTable() {
    dynamo = LocalAws.fromEnv(System.getenv()).client(DynamoDbClient.builder());
    dynamo.createTable(
        r ->
            r.tableName(name)
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(
                    a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                    a -> a.attributeName("sk").attributeType(ScalarAttributeType.S),
                    a -> a.attributeName("digest").attributeType(ScalarAttributeType.S))
                .keySchema(
                    k -> k.attributeName("pk").keyType(KeyType.HASH),
                    k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName("PendingDigest")
                            .keySchema(
                                k -> k.attributeName("digest").keyType(KeyType.HASH),
                                k -> k.attributeName("pk").keyType(KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
    dynamo.waiter().waitUntilTableExists(r -> r.tableName(name));
    table = new AuditTable(dynamo, name);
  }

  @AfterAll
  void deleteTable() {
    if (dynamo != null) {
      dynamo.deleteTable(r -> r.tableName(name));
      dynamo.close();
    }
  }

  private Map<String, AttributeValue> item(String pk, String sk) {
    return dynamo
        .getItem(
            r ->
                r.tableName(name)
                    .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))
                    .consistentRead(true))
        .item();
  }

  private List<Map<String, AttributeValue>> partition(String pk) {
    return dynamo
        .query(
            r ->
                r.tableName(name)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                    .consistentRead(true))
        .items();
  }

  private static Finding finding(String cluster) throws Exception {
    String event =
        Fixtures.event("task-state-change/oom-container-limit.json")
            .toString()
            .replace("cluster/platform", "cluster/" + cluster)
            .replace("task/platform/", "task/" + cluster + "/");
    return Classifier.bundled().classify(new InputParser().parse(event));
  }

  @Test
  void anEventIsClaimedOnceCompletedForGoodAndAStaleClaimCanBeTakenOver() {
    assertThat(table.claimEvent("ev-1", T0, Duration.ofMinutes(5))).isTrue();
    assertThat(table.claimEvent("ev-1", T0.plusSeconds(60), Duration.ofMinutes(5))).isFalse();
    assertThat(table.claimEvent("ev-1", T0.plus(Duration.ofMinutes(6)), Duration.ofMinutes(5)))
        .isTrue();

    Map<String, AttributeValue> claim = item("EVENT#ev-1", "EVENT");
    assertThat(claim.get("status").s()).isEqualTo("IN_PROGRESS");
    assertThat(claim.get("claimedAt").n())
        .isEqualTo(Long.toString(T0.plus(Duration.ofMinutes(6)).toEpochMilli()));
    assertThat(claim.get("expiresAt").n())
        .isEqualTo(
            Long.toString(
                T0.plus(Duration.ofMinutes(6)).plus(Duration.ofDays(2)).getEpochSecond()));

    table.completeEvent("ev-1");
    assertThat(item("EVENT#ev-1", "EVENT").get("status").s()).isEqualTo("DONE");
    assertThat(table.claimEvent("ev-1", T0.plus(Duration.ofHours(1)), Duration.ofMinutes(5)))
        .isFalse();
    table.releaseEvent("ev-1");
    assertThat(item("EVENT#ev-1", "EVENT")).isNotEmpty();

    assertThat(table.claimEvent("ev-2", T0, Duration.ofMinutes(5))).isTrue();
    table.releaseEvent("ev-2");
    assertThat(item("EVENT#ev-2", "EVENT")).isEmpty();
    assertThat(table.claimEvent("ev-2", T0.plusSeconds(1), Duration.ofMinutes(5))).isTrue();
  }

  @Test
  void aNewIncidentAndAWarmRepeatEachCostOneUpdateAndAColdProcessStillCountsRight()
      throws Exception {
    AtomicInteger updates = new AtomicInteger();
    LocalAws local = LocalAws.fromEnv(System.getenv());
    DynamoDbClient counted =
        DynamoDbClient.builder()
            .endpointOverride(local.endpoint())
            .region(Region.of(local.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalAws.ACCOUNT, "t")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(
                c ->
                    c.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void beforeExecution(
                              Context.BeforeExecution context, ExecutionAttributes attributes) {
                            if (context.request() instanceof UpdateItemRequest) {
                              updates.incrementAndGet();
                            }
                          }
                        }))
            .build();
    AuditTable warm = new AuditTable(counted, name);
    Finding oom = finding("audit-one-call");
    Instant expires = T0.plus(Duration.ofDays(90));

    IncidentOccurrence first = warm.countOccurrence(oom, T0, WINDOW, expires);
    assertThat(first.alert()).isTrue();
    assertThat(updates.getAndSet(0)).as("updates for a new incident").isEqualTo(1);

    IncidentOccurrence repeat = warm.countOccurrence(oom, T0.plusSeconds(1), WINDOW, expires);
    assertThat(repeat).isEqualTo(new IncidentOccurrence(first.incidentId(), false, 2, 1));
    assertThat(updates.getAndSet(0)).as("updates for a repeat this process saw").isEqualTo(1);

    // another process (a fresh Lambda container) has not seen the incident: one more call, the
    // same answer
    AuditTable cold = new AuditTable(counted, name);
    assertThat(cold.countOccurrence(oom, T0.plusSeconds(2), WINDOW, expires))
        .isEqualTo(new IncidentOccurrence(first.incidentId(), false, 3, 2));
    assertThat(updates.getAndSet(0)).isEqualTo(2);

    // the window passed: the warm process knows when the incident was notified, so it reopens it
    // with one call
    Instant later = T0.plus(WINDOW).plusSeconds(5);
    assertThat(warm.countOccurrence(oom, later, WINDOW, expires))
        .isEqualTo(
            new IncidentOccurrence(AuditTable.incidentId(oom.fingerprint(), later), true, 4, 2));
    assertThat(updates.getAndSet(0)).isEqualTo(1);

    // another process reopened it meanwhile: this one's guess (a repeat) is wrong, and it still
    // counts a repeat of the reopened incident, with one failed call more
    Instant reopenedElsewhere = later.plus(WINDOW).plusSeconds(5);
    assertThat(cold.countOccurrence(oom, reopenedElsewhere, WINDOW, expires).alert()).isTrue();
    updates.set(0);
    assertThat(warm.countOccurrence(oom, reopenedElsewhere.plusSeconds(1), WINDOW, expires))
        .isEqualTo(
            new IncidentOccurrence(
                AuditTable.incidentId(oom.fingerprint(), reopenedElsewhere), false, 6, 1));
    assertThat(updates.getAndSet(0)).isEqualTo(2);
  }

  @Test
  void anIncidentAlertsOnceCountsItsRepeatsAndTheDigestReportsThemOnce() throws Exception {
    Finding oom = finding("audit-incident");
    Instant expires = T0.plus(Duration.ofDays(90));

    IncidentOccurrence first = table.countOccurrence(oom, T0, WINDOW, expires);
    IncidentOccurrence second = table.countOccurrence(oom, T0.plusSeconds(10), WINDOW, expires);
    IncidentOccurrence third = table.countOccurrence(oom, T0.plusSeconds(20), WINDOW, expires);

    assertThat(first)
        .isEqualTo(
            new IncidentOccurrence(AuditTable.incidentId(oom.fingerprint(), T0), true, 1, 0));
    assertThat(second).isEqualTo(new IncidentOccurrence(first.incidentId(), false, 2, 1));
    assertThat(third).isEqualTo(new IncidentOccurrence(first.incidentId(), false, 3, 2));
    Map<String, AttributeValue> incident = item("INCIDENT#" + oom.fingerprint(), "INCIDENT");
    assertThat(incident.get("digest").s()).isEqualTo("PENDING");
    assertThat(incident.get("cluster").s()).isEqualTo("audit-incident");
    assertThat(incident.get("category").s()).isEqualTo("OOM");
    assertThat(incident.get("notifiedAt").n()).isEqualTo(Long.toString(T0.toEpochMilli()));
    assertThat(incident.get("expiresAt").n()).isEqualTo(Long.toString(expires.getEpochSecond()));
    assertThat(incident)
        .containsKeys("incidentId", "firstSeen", "lastSeen", "subcause", "service", "digested");

    List<PendingDigest> pending =
        table.pendingDigests().stream()
            .filter(p -> p.fingerprint().equals(oom.fingerprint()))
            .toList();
    assertThat(pending)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.incidentId()).isEqualTo(first.incidentId());
              assertThat(p.suppressed()).isEqualTo(2);
              assertThat(p.unreported()).isEqualTo(2);
              assertThat(p.cluster()).isEqualTo("audit-incident");
              assertThat(p.notifiedAt()).isEqualTo(T0);
            });

    table.markDigested(pending.getFirst());
    assertThat(item("INCIDENT#" + oom.fingerprint(), "INCIDENT"))
        .doesNotContainKey("digest")
        .containsEntry("digested", AttributeValue.fromN("2"));
    assertThat(table.pendingDigests()).noneMatch(p -> p.fingerprint().equals(oom.fingerprint()));

    Instant later = T0.plus(WINDOW).plusSeconds(1);
    IncidentOccurrence reopened = table.countOccurrence(oom, later, WINDOW, expires);
    assertThat(reopened)
        .isEqualTo(
            new IncidentOccurrence(AuditTable.incidentId(oom.fingerprint(), later), true, 4, 2));
    table.releaseNotification(oom.fingerprint(), later);
    assertThat(item("INCIDENT#" + oom.fingerprint(), "INCIDENT")).doesNotContainKey("notifiedAt");
    assertThat(table.countOccurrence(oom, later.plusSeconds(1), WINDOW, expires).alert()).isTrue();
  }

  @Test
  void triageAndWorkflowRecordsShareTheClusterHistoryAndParkedEventsDoNot() throws Exception {
    Finding oom = finding("audit-history");
    Instant at = T0.plusSeconds(5);
    Instant expires = at.plus(Duration.ofDays(30));
    table.recordEvent(
        new EventRecord("ev-h", at, oom, "inc-h", "NOTIFIED", "PROPOSE", null, expires));
    table.recordEvent(
        new EventRecord("ev-p", at, null, null, "PARKED", null, "no event shape", expires));
    table.recordDecision(
        new WorkflowRecord(
            "audit-history",
            "ev-h",
            at.plusSeconds(30),
            "REMEDIATION_PROPOSED",
            "inc-h",
            "PROPOSE",
            oom.resource().service(),
            "OOM",
            oom.subcause(),
            oom.summary(),
            "raise memory; waiting for approval",
            "RAISE_MEMORY",
            "",
            List.of("ecs:RegisterTaskDefinition", ""),
            expires));

    Map<String, AttributeValue> event = item("CLUSTER#audit-history", at + "#ev-h");
    assertThat(event.keySet())
        .containsExactlyInAnyOrder(
            "pk",
            "sk",
            "eventId",
            "at",
            "decision",
            "expiresAt",
            "mode",
            "incidentId",
            "service",
            "task",
            "category",
            "subcause",
            "signatureId",
            "summary",
            "fingerprint",
            "detailType",
            "runbook");
    assertThat(event.get("expiresAt").n()).isEqualTo(Long.toString(expires.getEpochSecond()));
    Map<String, AttributeValue> parked = item("PARKED", at + "#ev-p");
    assertThat(parked.keySet())
        .containsExactlyInAnyOrder("pk", "sk", "eventId", "at", "decision", "expiresAt", "detail");
    Map<String, AttributeValue> decision =
        item("CLUSTER#audit-history", at.plusSeconds(30) + "#ev-h#REMEDIATION_PROPOSED");
    assertThat(decision.get("action").s()).isEqualTo("RAISE_MEMORY");
    assertThat(decision).doesNotContainKey("approver");
    assertThat(decision.get("calls").l())
        .extracting(AttributeValue::s)
        .containsExactly("ecs:RegisterTaskDefinition", "-");

    List<Map<String, String>> history = table.clusterHistory("audit-history", null, T0, 10);
    assertThat(history)
        .extracting(r -> r.get("decision"))
        .containsExactly("REMEDIATION_PROPOSED", "NOTIFIED");
    assertThat(history.getFirst()).doesNotContainKey("expiresAt").containsKey("summary");
    assertThat(table.clusterHistory("audit-history", "no-such-service", T0, 10)).isEmpty();
    assertThat(table.clusterHistory("audit-history", null, T0, 1)).hasSize(1);
    assertThat(table.clusterHistory("audit-history", null, at.plusSeconds(1), 10))
        .extracting(r -> r.get("decision"))
        .containsExactly("REMEDIATION_PROPOSED");
  }

  @Test
  void anIncidentsSlackThreadIsRememberedUntilItsExpiry() {
    Instant expires = T0.plus(Duration.ofDays(90));
    assertThat(table.slackThread("inc-s")).isEmpty();

    table.saveSlackThread("inc-s", new SlackThread("C0ALERTS", "1767225600.000100"), expires);

    assertThat(table.slackThread("inc-s"))
        .contains(new SlackThread("C0ALERTS", "1767225600.000100"));
    assertThat(item("SLACK#inc-s", "THREAD").get("expiresAt").n())
        .isEqualTo(Long.toString(expires.getEpochSecond()));
  }

  @Test
  void anApprovalIsDecidedAtMostOnceGivenBackOrExpired() {
    Instant expires = T0.plus(Duration.ofHours(1));
    table.putApprovalRequest(
        new ApprovalRequest("inc-a", "token-1", T0, expires, "prod", "checkout", "raise memory"));

    Map<String, AttributeValue> stored = item("APPROVAL#inc-a", "APPROVAL");
    assertThat(stored.keySet())
        .containsExactlyInAnyOrder(
            "pk",
            "sk",
            "taskToken",
            "status",
            "requestedAt",
            "expiresAt",
            "cluster",
            "service",
            "summary",
            "nonce");
    assertThat(stored.get("requestedAt").n()).isEqualTo(Long.toString(T0.toEpochMilli()));
    ApprovalItem pending = table.approval("inc-a").orElseThrow();
    assertThat(pending.pending()).isTrue();
    assertThat(pending.taskToken()).isEqualTo("token-1");
    // expiresAt is kept in seconds, as DynamoDB's TTL reads it
    assertThat(pending.expiresAt()).isEqualTo(expires.truncatedTo(ChronoUnit.SECONDS));

    Instant decidedAt = T0.plusSeconds(60);
    ApprovalItem approved =
        table.decideApproval("inc-a", "APPROVED", "alice", "slack", decidedAt).orElseThrow();
    assertThat(approved.status()).isEqualTo("APPROVED");
    assertThat(approved.taskToken()).isEqualTo("token-1");
    assertThat(approved.decidedAt()).isEqualTo(decidedAt);
    assertThat(table.decideApproval("inc-a", "REJECTED", "bob", "link", decidedAt.plusSeconds(1)))
        .isEmpty();

    table.reopenApproval("inc-a", "APPROVED", decidedAt.plusSeconds(5));
    assertThat(table.approval("inc-a").orElseThrow().status()).isEqualTo("APPROVED");
    table.reopenApproval("inc-a", "APPROVED", decidedAt);
    ApprovalItem reopened = table.approval("inc-a").orElseThrow();
    assertThat(reopened.pending()).isTrue();
    assertThat(reopened.approver()).isNull();
    assertThat(reopened.decisionSource()).isNull();

    Instant again = decidedAt.plusSeconds(10);
    assertThat(table.decideApproval("inc-a", "REJECTED", "bob", "link", again)).isPresent();
    table.expireApproval("inc-a", "REJECTED", again);
    assertThat(table.approval("inc-a").orElseThrow().status()).isEqualTo("EXPIRED");

    table.putApprovalRequest(
        new ApprovalRequest("inc-late", "token-2", T0, expires, "-", "ECR", "delete 3 images"));
    assertThat(table.decideApproval("inc-late", "APPROVED", "alice", "link", expires)).isEmpty();
    assertThat(table.approval("no-such-approval")).isEmpty();
  }

  @Test
  void aDecisionNamingANonceWinsOnlyThatRequestAndRefusalsAreKeptSanitised() {
    Instant expires = T0.plus(Duration.ofHours(1));
    ApprovalRequest first =
        new ApprovalRequest("inc-n", "token-1", T0, expires, "prod", "api", "raise memory");
    table.putApprovalRequest(first);
    ApprovalRequest rewritten =
        new ApprovalRequest("inc-n", "token-2", T0, expires, "prod", "api", "raise memory");
    table.putApprovalRequest(rewritten);
    Instant at = T0.plusSeconds(60);

    assertThat(table.decideApproval("inc-n", "APPROVED", "x", "link", at, first.nonce()))
        .as("the replaced request's nonce")
        .isEmpty();
    ApprovalItem decided =
        table
            .decideApproval("inc-n", "APPROVED", "ali\u202Ece\n", "link", at, rewritten.nonce())
            .orElseThrow();
    assertThat(decided.approver()).isEqualTo("alice");
    assertThat(decided.nonce()).isEqualTo(rewritten.nonce());
    assertThat(table.decideApproval("inc-n", "REJECTED", "x", "link", at, rewritten.nonce()))
        .as("single use")
        .isEmpty();

    table.recordApprovalDenial(
        new ApprovalDenial(
            "inc-n", at, "mallory\u200B (Slack U9)", "team T9", "slack", "not\u2066 allowed"),
        at.plus(Duration.ofDays(90)));
    assertThat(table.approvalDenials("inc-n"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.who()).isEqualTo("mallory (Slack U9)");
              assertThat(d.where()).isEqualTo("team T9");
              assertThat(d.reason()).isEqualTo("not allowed");
              assertThat(d.at()).isEqualTo(at);
            });
    assertThat(table.approval("inc-n").orElseThrow().status())
        .as("a refusal next to the approval leaves it as it is")
        .isEqualTo("APPROVED");
  }

  @Test
  void anIncidentClaimsOneActionAndTheHourlyCountersStopAtTheirLimit() {
    assertThat(table.claimAction("inc-x", "RAISE_MEMORY", T0)).isTrue();
    assertThat(table.claimAction("inc-x", "ROLLBACK_TASK_DEFINITION", T0)).isFalse();
    Map<String, AttributeValue> claim = item("ACTION#inc-x", "ACTION");
    assertThat(claim.get("action").s()).isEqualTo("RAISE_MEMORY");
    assertThat(claim.get("claimedAt").s()).isEqualTo(T0.toString());
    assertThat(claim.get("expiresAt").n())
        .isEqualTo(Long.toString(T0.plus(Duration.ofDays(90)).getEpochSecond()));

    assertThat(table.countServiceAction("prod", "rate-svc", T0, 2)).isTrue();
    assertThat(table.countServiceAction("prod", "rate-svc", T0.plusSeconds(60), 2)).isTrue();
    assertThat(table.countServiceAction("prod", "rate-svc", T0.plusSeconds(120), 2)).isFalse();
    assertThat(table.countServiceAction("prod", "rate-svc", T0.plus(Duration.ofHours(1)), 2))
        .isTrue();
    Map<String, AttributeValue> counter = item("RATE#SERVICE#prod/rate-svc", "2026-03-01T10");
    assertThat(counter.get("actions").n()).isEqualTo("2");
    assertThat(counter.get("expiresAt").n())
        .isEqualTo(Long.toString(T0.plusSeconds(60).plus(Duration.ofDays(2)).getEpochSecond()));

    assertThat(table.countAccountAction("111111111111", T0, 1)).isTrue();
    assertThat(table.countAccountAction("111111111111", T0, 1)).isFalse();
    assertThat(table.countAccountAction("222222222222", T0, 1)).as("per account").isTrue();
    assertThat(item("RATE#ACCOUNT#111111111111", "2026-03-01T10").get("actions").n())
        .isEqualTo("1");
  }

  @Test
  void aCleanupPlanIsStoredInChunksAndReadBackWhole() {
    List<String> many =
        IntStream.range(0, 2500).mapToObj(i -> String.format("sha256:%064x", i)).toList();
    Map<String, List<String>> digests = new LinkedHashMap<>();
    digests.put("team/api", new ArrayList<>(many));
    digests.put("team/worker", List.of("sha256:" + "f".repeat(64)));
    Instant expires = T0.plus(Duration.ofDays(2));

    table.storeCleanupPlan(new CleanupPlan("ecr-1", digests, "the report", expires));

    assertThat(partition("ECRPLAN#ecr-1"))
        .extracting(i -> i.get("sk").s())
        .containsExactlyInAnyOrder(
            "REPO#team/api#0",
            "REPO#team/api#1000",
            "REPO#team/api#2000",
            "REPO#team/worker#0",
            "SUMMARY");
    assertThat(table.cleanupPlanSummary("ecr-1"))
        .contains(new CleanupPlanSummary(2501, "the report"));
    Map<String, Set<String>> read = table.cleanupPlanDigests("ecr-1");
    assertThat(read.get("team/api")).hasSize(2500).containsAll(many);
    assertThat(read.get("team/worker")).containsExactly("sha256:" + "f".repeat(64));
    assertThat(table.cleanupPlanSummary("ecr-none")).isEmpty();
    assertThat(table.cleanupPlanDigests("ecr-none")).isEmpty();
  }

  @Test
  void aCleanupDecisionIsRecordedUnderEcr() {
    table.recordCleanup(
        new CleanupRecord(
            "ecr-2", T0, "ECR_CLEANUP_REJECTED", "nothing deleted: no", "bob", T0.plusSeconds(9)));
    table.recordCleanup(
        new CleanupRecord("ecr-2", T0.plusSeconds(1), "ECR_CLEANUP_EXPIRED", "", null, T0));

    List<Map<String, AttributeValue>> records = partition("ECR");
    assertThat(records)
        .filteredOn(r -> r.get("runId").s().equals("ecr-2"))
        .extracting(r -> r.get("sk").s())
        .containsExactly(
            T0 + "#ecr-2#ECR_CLEANUP_REJECTED", T0.plusSeconds(1) + "#ecr-2#ECR_CLEANUP_EXPIRED");
    Map<String, AttributeValue> rejected = item("ECR", T0 + "#ecr-2#ECR_CLEANUP_REJECTED");
    assertThat(rejected.keySet())
        .containsExactlyInAnyOrder(
            "pk", "sk", "at", "runId", "decision", "detail", "expiresAt", "approver");
    assertThat(item("ECR", T0.plusSeconds(1) + "#ecr-2#ECR_CLEANUP_EXPIRED").get("detail").s())
        .isEqualTo("-");
  }
}
