package io.ecsmedic.ecrhygiene;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.ecr.ImageDeleter;
import io.ecsmedic.ecr.RepositoryPlan;
import io.ecsmedic.json.Json;
import io.ecsmedic.notify.SnsMessage;
import io.ecsmedic.signing.ApprovalLinks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Deleting unused images, with a human's approval (statemachines/ecr-cleanup.asl.json): the
 * scheduled run stores its plan and starts the cleanup workflow; the workflow asks for approval
 * (signed e-mail links, decided by the approval function) and, once approved, this class plans
 * again and deletes only what both plans delete. Every outcome is audited.
 *
 * <p>The plan is stored in the audit table as {@code ECRPLAN#<run id>} items, one per repository
 * and chunk of {@value #DIGESTS_PER_ITEM} digests (a DynamoDB item holds 400 KB), kept as long as
 * the approval window plus a day.
 */
final class CleanupSteps {
  static final int DIGESTS_PER_ITEM = 1000;
  private static final int MAX_TEXT = 200_000;

  private final DynamoDbClient dynamo;
  private final SfnClient sfn;
  private final SnsClient sns;
  private final String table;
  private final String stateMachineArn;
  private final String topicArn;
  private final String approvalBaseUrl;
  private final Supplier<String> linkSecret;
  private final Duration approvalWindow;
  private final Clock clock;

  CleanupSteps(
      DynamoDbClient dynamo,
      SfnClient sfn,
      SnsClient sns,
      String table,
      String stateMachineArn,
      String topicArn,
      String approvalBaseUrl,
      Supplier<String> linkSecret,
      Duration approvalWindow,
      Clock clock) {
    this.dynamo = dynamo;
    this.sfn = sfn;
    this.sns = sns;
    this.table = table;
    this.stateMachineArn = stateMachineArn;
    this.topicArn = topicArn;
    this.approvalBaseUrl = approvalBaseUrl;
    this.linkSecret = linkSecret;
    this.approvalWindow = approvalWindow;
    this.clock = clock;
  }

  /** Stores the plan and starts the approval workflow; returns the run id. */
  String start(List<RepositoryPlan> plans, String text) {
    Instant now = clock.instant();
    String runId = "ecr-" + now.getEpochSecond();
    AttributeValue pk = s("ECRPLAN#" + runId);
    AttributeValue expires = n(now.plus(approvalWindow).plus(Duration.ofDays(1)).getEpochSecond());
    long count = 0;
    for (RepositoryPlan p : plans) {
      List<String> digests = p.deletions().stream().map(v -> v.image().digest()).toList();
      count += digests.size();
      for (int i = 0; i < digests.size(); i += DIGESTS_PER_ITEM) {
        List<String> chunk = digests.subList(i, Math.min(i + DIGESTS_PER_ITEM, digests.size()));
        Map<String, AttributeValue> item =
            Map.of(
                "pk", pk,
                "sk", s("REPO#" + p.repository() + "#" + i),
                "repository", s(p.repository()),
                "digests", AttributeValue.fromSs(chunk),
                "expiresAt", expires);
        dynamo.putItem(r -> r.tableName(table).item(item));
      }
    }
    long images = count;
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "pk", pk,
                        "sk", s("SUMMARY"),
                        "deletions", n(images),
                        "text", s(clip(text)),
                        "expiresAt", expires)));
    sfn.startExecution(
        r ->
            r.stateMachineArn(stateMachineArn)
                .name(runId)
                .input(Json.MAPPER.createObjectNode().put("runId", runId).toString()));
    return runId;
  }

  /** The approval gate: the task token for the approval function, and the plan with links. */
  void requestApproval(String runId, String taskToken) {
    Instant now = clock.instant();
    Instant expires = now.plus(approvalWindow);
    Map<String, AttributeValue> summary = summary(runId);
    long deletions = Long.parseLong(summary.get("deletions").n());
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "pk", s("APPROVAL#" + runId),
                        "sk", s("APPROVAL"),
                        "taskToken", s(taskToken),
                        "status", s("PENDING"),
                        "requestedAt", n(now.toEpochMilli()),
                        "expiresAt", n(expires.getEpochSecond()),
                        "cluster", s("-"),
                        "service", s("ECR"),
                        "summary", s("delete " + deletions + " unused ECR images"))));
    StringBuilder text =
        new StringBuilder("ecs-medic proposes to delete ")
            .append(deletions)
            .append(" unused ECR images (the plan below). Nothing is deleted without approval;")
            .append(" right before deleting, ecs-medic plans again and spares anything that came")
            .append(" into use.\n\n")
            .append(summary.get("text").s());
    ObjectNode json =
        Json.MAPPER
            .createObjectNode()
            .put("kind", "ecr-cleanup-proposal")
            .put("runId", runId)
            .put("deletions", deletions)
            .put("expiresAt", expires.toString());
    if (!approvalBaseUrl.isBlank()) {
      byte[] secret = ApprovalLinks.secretKey(linkSecret.get());
      URI base = URI.create(approvalBaseUrl);
      String approve =
          ApprovalLinks.link(base, runId, "approve", expires.getEpochSecond(), secret).toString();
      String reject =
          ApprovalLinks.link(base, runId, "reject", expires.getEpochSecond(), secret).toString();
      text.append("\nApprove: ").append(approve).append("\nReject:  ").append(reject).append('\n');
      json.put("approveUrl", approve).put("rejectUrl", reject);
    }
    text.append("Expires: ").append(expires).append(" (then nothing is deleted)\n");
    publish(
        "ecr-cleanup-proposal",
        "[ecs-medic] Approve? Delete " + deletions + " unused ECR images",
        text.toString(),
        json);
    audit(
        runId,
        "ECR_CLEANUP_PROPOSED",
        deletions + " images; waiting for approval until " + expires,
        null);
  }

  /** After approval: plan again, delete what both plans delete, record it. */
  ObjectNode delete(
      String runId, String approver, List<RepositoryPlan> fresh, ImageDeleter deleter) {
    Map<String, Set<String>> confirmed = new HashMap<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page =
          dynamo.query(
              r ->
                  r.tableName(table)
                      .keyConditionExpression("pk = :pk AND begins_with(sk, :repo)")
                      .expressionAttributeValues(
                          Map.of(":pk", s("ECRPLAN#" + runId), ":repo", s("REPO#")))
                      .exclusiveStartKey(from));
      for (Map<String, AttributeValue> item : page.items()) {
        confirmed
            .computeIfAbsent(item.get("repository").s(), k -> new HashSet<>())
            .addAll(item.get("digests").ss());
      }
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    long approved = confirmed.values().stream().mapToLong(Set::size).sum();
    ImageDeleter.Result result = deleter.delete(confirmed, fresh);
    String detail =
        "deleted "
            + result.deleted()
            + " of the "
            + approved
            + " approved images"
            + (result.deleted() < approved
                ? " (the rest came into use, were gone, or were refused)"
                : "")
            + (result.failures().isEmpty()
                ? ""
                : "; refused: " + String.join("; ", result.failures()));
    audit(runId, "ECR_CLEANUP_DELETED", detail, approver);
    publish(
        "ecr-cleanup",
        "[ecs-medic] ECR cleanup: deleted " + result.deleted() + " images",
        detail + "\nApproved by: " + approver + "\nRun: " + runId + "\n",
        Json.MAPPER
            .createObjectNode()
            .put("kind", "ecr-cleanup")
            .put("runId", runId)
            .put("deleted", result.deleted())
            .put("approved", approved));
    return Json.MAPPER.createObjectNode().put("deleted", result.deleted());
  }

  /** A cleanup that deleted nothing: rejected, expired or failed. */
  void record(String runId, String outcome, String cause) {
    String detail =
        switch (outcome) {
          case "REJECTED" -> "nothing deleted: " + cause;
          case "EXPIRED" -> "nothing deleted: nobody approved in time";
          default -> "nothing deleted: the cleanup failed: " + cause;
        };
    audit(runId, "ECR_CLEANUP_" + outcome, detail, "REJECTED".equals(outcome) ? cause : null);
    publish(
        "ecr-cleanup",
        "[ecs-medic] ECR cleanup " + outcome.toLowerCase(java.util.Locale.ROOT),
        detail + "\nRun: " + runId + "\n",
        Json.MAPPER
            .createObjectNode()
            .put("kind", "ecr-cleanup")
            .put("runId", runId)
            .put("outcome", outcome));
  }

  private Map<String, AttributeValue> summary(String runId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .key(Map.of("pk", s("ECRPLAN#" + runId), "sk", s("SUMMARY")))
                        .consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      throw new IllegalStateException("no stored plan for cleanup run " + runId);
    }
    return item;
  }

  private void audit(String runId, String decision, String detail, String approver) {
    Instant now = clock.instant();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s("ECR"));
    item.put("sk", s(now + "#" + runId + "#" + decision));
    item.put("at", s(now.toString()));
    item.put("runId", s(runId));
    item.put("decision", s(decision));
    item.put("detail", s(detail));
    item.put("expiresAt", n(now.plus(Duration.ofDays(90)).getEpochSecond()));
    if (approver != null && !approver.isBlank()) {
      item.put("approver", s(approver));
    }
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  private void publish(String kind, String subject, String text, ObjectNode json) {
    sns.publish(
        r ->
            r.topicArn(topicArn)
                .subject(subject.length() <= 100 ? subject : subject.substring(0, 99) + "~")
                .messageStructure("json")
                .message(SnsMessage.perProtocol(text, subject, json.toString()))
                .messageAttributes(
                    Map.of(
                        "kind",
                        MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue(kind)
                            .build())));
  }

  private static String clip(String text) {
    return text.length() <= MAX_TEXT
        ? text
        : text.substring(0, MAX_TEXT) + "\n… (cut; the JSON report has the totals)\n";
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v == null || v.isEmpty() ? "-" : v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
