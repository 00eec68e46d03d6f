package io.ecsmedic.approval;

import io.ecsmedic.aws.approval.ApprovalStore;
import io.ecsmedic.aws.approval.Decision;
import io.ecsmedic.aws.audit.ApprovalItem;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The approval store's contract in memory, with the same conditions as the DynamoDB writes: decide
 * only a PENDING approval whose window is open (and, for a decision naming a nonce, of that
 * request); expire or release only what still carries this decision.
 */
final class InMemoryApprovalStore implements ApprovalStore {
  final Map<String, ApprovalItem> items = new ConcurrentHashMap<>();

  /** What the workflow writes when a remediation starts waiting for a human. */
  void pending(String incidentId, String taskToken, Instant expiresAt, String summary) {
    pending(incidentId, taskToken, expiresAt, summary, Harness.NONCE);
  }

  /** A request under {@code incidentId}, replacing any earlier one (as putApprovalRequest does). */
  void pending(
      String incidentId, String taskToken, Instant expiresAt, String summary, String nonce) {
    items.put(
        incidentId,
        new ApprovalItem(
            incidentId,
            taskToken,
            ApprovalItem.PENDING,
            expiresAt.minusSeconds(3600),
            expiresAt,
            "prod",
            "checkout",
            summary,
            null,
            null,
            null,
            nonce));
  }

  ApprovalItem get(String incidentId) {
    return items.get(incidentId);
  }

  @Override
  public synchronized Optional<ApprovalItem> decide(Decision d) {
    ApprovalItem i = items.get(d.incidentId());
    if (i == null
        || !i.pending()
        || i.expiresAt() == null
        || i.expiresAt().getEpochSecond() <= d.decidedAt().getEpochSecond()
        || (d.nonce() != null && !d.nonce().equals(i.nonce()))) {
      return Optional.empty();
    }
    ApprovalItem decided = with(i, d.status(), d.approver(), d.decidedAt(), d.source());
    items.put(d.incidentId(), decided);
    return Optional.of(decided);
  }

  @Override
  public Optional<ApprovalItem> find(String incidentId) {
    return Optional.ofNullable(items.get(incidentId));
  }

  @Override
  public synchronized void expire(Decision d) {
    ApprovalItem i = items.get(d.incidentId());
    if (carries(i, d)) {
      items.put(
          d.incidentId(),
          with(i, ApprovalItem.EXPIRED, i.approver(), i.decidedAt(), i.decisionSource()));
    }
  }

  @Override
  public synchronized void release(Decision d) {
    ApprovalItem i = items.get(d.incidentId());
    if (carries(i, d)) {
      items.put(d.incidentId(), with(i, ApprovalItem.PENDING, null, null, null));
    }
  }

  private static boolean carries(ApprovalItem i, Decision d) {
    return i != null && d.status().equals(i.status()) && d.decidedAt().equals(i.decidedAt());
  }

  private static ApprovalItem with(
      ApprovalItem i, String status, String approver, Instant decidedAt, String source) {
    return new ApprovalItem(
        i.incidentId(),
        i.taskToken(),
        status,
        i.requestedAt(),
        i.expiresAt(),
        i.cluster(),
        i.service(),
        i.summary(),
        approver,
        decidedAt,
        source,
        i.nonce());
  }
}
