package io.ecsmedic.aws.approval;

import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.AuditTable;
import java.util.Optional;

/** Approvals in the audit table ({@link AuditTable}). */
public final class DynamoApprovalStore implements ApprovalStore {
  private final AuditTable table;

  public DynamoApprovalStore(AuditTable table) {
    this.table = table;
  }

  @Override
  public Optional<ApprovalItem> decide(Decision d) {
    return table.decideApproval(
        d.incidentId(), d.status(), d.approver(), d.source(), d.decidedAt(), d.nonce());
  }

  @Override
  public Optional<ApprovalItem> find(String incidentId) {
    return table.approval(incidentId);
  }

  @Override
  public void expire(Decision d) {
    table.expireApproval(d.incidentId(), d.status(), d.decidedAt());
  }

  @Override
  public void release(Decision d) {
    table.reopenApproval(d.incidentId(), d.status(), d.decidedAt());
  }
}
