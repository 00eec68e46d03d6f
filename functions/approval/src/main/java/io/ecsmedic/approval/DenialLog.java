package io.ecsmedic.approval;

import io.ecsmedic.aws.audit.ApprovalDenial;

/**
 * Where refused attempts to decide are kept: the audit table in production ({@code
 * AuditTable.recordApprovalDenial}), a list in tests. A refusal is evidence (who tried to approve
 * what, from where), so it is recorded before it is answered.
 */
interface DenialLog {
  void record(ApprovalDenial denial);
}
