package io.ecsmedic.approval;

import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.AuditTable;
import java.util.Optional;

/** Approvals in the audit table ({@link AuditTable}), the only item kind this function touches. */
final class DynamoApprovalStore implements ApprovalStore {
  private final AuditTable table;

  DynamoApprovalStore(AuditTable table) {
    this.table = table;
  }

  @Override
  public Optional<ApprovalItem> decide(Decision d) {
    return table.decideApproval(
        d.incidentId(), d.status(), d.approver(), d.source(), d.decidedAt());
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
