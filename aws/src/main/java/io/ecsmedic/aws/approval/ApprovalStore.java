package io.ecsmedic.aws.approval;

import io.ecsmedic.aws.audit.ApprovalItem;
import java.util.Optional;

/**
 * Where pending approvals live (the audit table in production, a map in tests). Every change is
 * conditional, so two clicks, a replayed request or a link and a button at once decide at most
 * once.
 */
public interface ApprovalStore {
  /**
   * Records the decision if, and only if, the approval is PENDING, its window is still open at
   * {@link Decision#decidedAt()} and, when the decision names a nonce, it is that request's.
   *
   * @return the item as decided (with its task token), or empty when the condition failed
   */
  Optional<ApprovalItem> decide(Decision decision);

  /** The approval of an incident as it is now (a consistent read), or empty when there is none. */
  Optional<ApprovalItem> find(String incidentId);

  /**
   * Step Functions no longer waits for this decision: marks the approval EXPIRED, if it still
   * carries this decision.
   */
  void expire(Decision decision);

  /**
   * Step Functions could not be told of this decision: puts the approval back to PENDING, if it
   * still carries this decision, so that it can be decided again.
   */
  void release(Decision decision);
}
