package io.ecsmedic.ecrhygiene;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.ApprovalRequest;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.CleanupPlan;
import io.ecsmedic.aws.audit.CleanupPlanSummary;
import io.ecsmedic.aws.audit.CleanupRecord;
import io.ecsmedic.aws.ecr.EcrHygiene;
import io.ecsmedic.aws.ecr.ImageDeleter;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.ecr.RepositoryPlan;
import io.ecsmedic.json.Json;
import io.ecsmedic.signing.ApprovalLinks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Deleting unused images, with a human's approval (statemachines/ecr-cleanup.asl.json): the
 * scheduled run stores its plan and starts the cleanup workflow; the workflow asks for approval
 * (signed e-mail links, decided by the approval function) and, once approved, this class plans
 * again and deletes only what both plans delete. Every outcome is audited.
 *
 * <p>The plan is stored in the audit table ({@link AuditTable#storeCleanupPlan}), kept as long as
 * the approval window plus a day.
 */
final class CleanupSteps {
  private static final int MAX_TEXT = 200_000;

  private final AuditTable table;
  private final SfnClient sfn;
  private final AlertTopic topic;
  private final String stateMachineArn;
  private final String approvalBaseUrl;
  private final Supplier<String> linkSecret;
  private final Duration approvalWindow;
  private final Duration auditRetention;
  private final Clock clock;

  CleanupSteps(
      AuditTable table,
      SfnClient sfn,
      AlertTopic topic,
      String stateMachineArn,
      String approvalBaseUrl,
      Supplier<String> linkSecret,
      Duration approvalWindow,
      Duration auditRetention,
      Clock clock) {
    this.table = table;
    this.sfn = sfn;
    this.topic = topic;
    this.stateMachineArn = stateMachineArn;
    this.approvalBaseUrl = approvalBaseUrl;
    this.linkSecret = linkSecret;
    this.approvalWindow = approvalWindow;
    this.auditRetention = auditRetention;
    this.clock = clock;
  }

  /** Stores the plan and starts the approval workflow; returns the run id. */
  String start(List<RepositoryPlan> plans, String text) {
    Instant now = clock.instant();
    // Milliseconds: two runs in one second (the schedule and a manual invoke) must not share an id,
    // which is also the cleanup execution's name.
    String runId = "ecr-" + now.toEpochMilli();
    Map<String, List<String>> digests = new LinkedHashMap<>();
    for (RepositoryPlan p : plans) {
      digests
          .computeIfAbsent(p.repository(), k -> new ArrayList<>())
          .addAll(p.deletions().stream().map(v -> v.image().digest()).toList());
    }
    table.storeCleanupPlan(
        new CleanupPlan(
            runId, digests, clip(text), now.plus(approvalWindow).plus(Duration.ofDays(1))));
    sfn.startExecution(
        r ->
            r.stateMachineArn(stateMachineArn)
                .name(runId)
                .input(Json.MAPPER.createObjectNode().put("runId", runId).toString()));
    return runId;
  }

  /**
   * The approval gate: the task token for the approval function, and the plan with links bound to
   * this request's nonce (single-use, this request only).
   */
  void requestApproval(String runId, String taskToken) {
    Instant now = clock.instant();
    Instant expires = now.plus(approvalWindow);
    CleanupPlanSummary summary =
        table
            .cleanupPlanSummary(runId)
            .orElseThrow(
                () -> new IllegalStateException("no stored plan for cleanup run " + runId));
    long deletions = summary.deletions();
    ApprovalRequest request =
        new ApprovalRequest(
            runId,
            taskToken,
            now,
            expires,
            "-",
            "ECR",
            "delete " + deletions + " unused ECR images");
    table.putApprovalRequest(request);
    StringBuilder text =
        new StringBuilder("ecs-medic proposes to delete ")
            .append(deletions)
            .append(" unused ECR images (the plan below). Nothing is deleted without approval;")
            .append(" right before deleting, ecs-medic plans again and spares anything that came")
            .append(" into use.\n\n")
            .append(summary.text());
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
      long until = expires.getEpochSecond();
      String approve =
          ApprovalLinks.link(base, runId, "approve", until, request.nonce(), secret).toString();
      String reject =
          ApprovalLinks.link(base, runId, "reject", until, request.nonce(), secret).toString();
      text.append("\nApprove: ").append(approve).append("\nReject:  ").append(reject).append('\n');
      json.put("approveUrl", approve).put("rejectUrl", reject);
    }
    text.append("Expires: ").append(expires).append(" (then nothing is deleted)\n");
    publish(
        AlertTopic.Kind.ECR_CLEANUP_PROPOSAL,
        "[ecs-medic] Approve? Delete " + deletions + " unused ECR images",
        text.toString(),
        json);
    audit(
        runId,
        "ECR_CLEANUP_PROPOSED",
        deletions + " images; waiting for approval until " + expires,
        null);
  }

  /**
   * After approval: the delete guards itself (docs/security.md, "Apply verifies its own plan"), so
   * a direct invoke or a replay deletes nothing. It goes ahead only when the run's approval item
   * says APPROVED (the approver is taken from there, not from the caller), the plan is stored, and
   * this call claims it ({@link AuditTable#claimCleanupPlan}, once). Then it plans again and
   * deletes what both plans delete, and records it; a refusal is recorded as ECR_CLEANUP_REFUSED.
   */
  ObjectNode delete(String runId, Supplier<List<RepositoryPlan>> fresh, ImageDeleter deleter) {
    Instant now = clock.instant();
    Optional<String> approver =
        table
            .approval(runId)
            .filter(a -> ApprovalItem.APPROVED.equals(a.status()))
            .map(a -> a.approver() == null ? "-" : a.approver());
    String refusal =
        approver.isEmpty()
            ? "the cleanup plan was not approved"
            : table.cleanupPlanSummary(runId).isEmpty()
                ? "no stored plan for cleanup run " + runId
                : !table.claimCleanupPlan(runId, approver.get(), now, now.plus(auditRetention))
                    ? "the plan was carried out already (a plan is deleted once)"
                    : null;
    if (refusal != null) {
      return refuse(runId, refusal);
    }
    List<RepositoryPlan> again;
    try {
      again = fresh.get();
    } catch (EcrHygiene.UnreadableAccounts e) {
      // Fail closed: what an unreadable account runs is unknown. The plan stays claimed, so only a
      // new run (and a new approval) can delete.
      return refuse(runId, e.getMessage());
    }
    return delete(runId, approver.get(), again, deleter);
  }

  private ObjectNode refuse(String runId, String refusal) {
    String detail = "nothing deleted: " + refusal;
    audit(runId, "ECR_CLEANUP_REFUSED", detail, null);
    publish(
        AlertTopic.Kind.ECR_CLEANUP,
        "[ecs-medic] ECR cleanup refused",
        detail + "\nRun: " + runId + "\n",
        Json.MAPPER
            .createObjectNode()
            .put("kind", "ecr-cleanup")
            .put("runId", runId)
            .put("outcome", "REFUSED"));
    return Json.MAPPER.createObjectNode().put("deleted", 0).put("refused", refusal);
  }

  private ObjectNode delete(
      String runId, String approver, List<RepositoryPlan> fresh, ImageDeleter deleter) {
    Map<String, Set<String>> confirmed = table.cleanupPlanDigests(runId);
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
        AlertTopic.Kind.ECR_CLEANUP,
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
        AlertTopic.Kind.ECR_CLEANUP,
        "[ecs-medic] ECR cleanup " + outcome.toLowerCase(java.util.Locale.ROOT),
        detail + "\nRun: " + runId + "\n",
        Json.MAPPER
            .createObjectNode()
            .put("kind", "ecr-cleanup")
            .put("runId", runId)
            .put("outcome", outcome));
  }

  private void audit(String runId, String decision, String detail, String approver) {
    Instant now = clock.instant();
    table.recordCleanup(
        new CleanupRecord(runId, now, decision, detail, approver, now.plus(auditRetention)));
  }

  private void publish(AlertTopic.Kind kind, String subject, String text, ObjectNode json) {
    topic.publish(kind, subject, text, json.toString());
  }

  private static String clip(String text) {
    return text.length() <= MAX_TEXT
        ? text
        : text.substring(0, MAX_TEXT) + "\n… (cut; the JSON report has the totals)\n";
  }
}
