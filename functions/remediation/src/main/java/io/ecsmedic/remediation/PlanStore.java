package io.ecsmedic.remediation;

import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.PlanItem;
import io.ecsmedic.aws.audit.PlanRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * The items the workflow guards itself with: the plan Apply claims ({@code PLAN#}), the one open
 * proposal per change ({@code PROPOSAL#}) and the approval the approval function decided ({@code
 * APPROVAL#}). {@link #of} is the audit table; the unit tests keep them in memory.
 */
interface PlanStore {
  boolean putPlan(PlanRecord plan);

  Optional<PlanItem> plan(String incidentId);

  /** Who approved the incident's approval request; empty unless it is APPROVED. */
  Optional<String> approvedBy(String incidentId);

  boolean approvePlan(String incidentId, String approver, Instant now);

  boolean checkPlan(String incidentId, Instant now);

  boolean claimPlan(String incidentId, String actionDigest, Instant now);

  /** The incident owning the change's open proposal (this one when it opened it). */
  String openProposal(String change, String incidentId, Instant now, Instant expiresAt);

  void closeProposal(String change, String incidentId, Instant now);

  static PlanStore of(AuditTable table) {
    return new PlanStore() {
      @Override
      public boolean putPlan(PlanRecord plan) {
        return table.putPlan(plan);
      }

      @Override
      public Optional<PlanItem> plan(String incidentId) {
        return table.plan(incidentId);
      }

      @Override
      public Optional<String> approvedBy(String incidentId) {
        return table
            .approval(incidentId)
            .filter(a -> ApprovalItem.APPROVED.equals(a.status()))
            .map(a -> a.approver() == null ? "-" : a.approver());
      }

      @Override
      public boolean approvePlan(String incidentId, String approver, Instant now) {
        return table.approvePlan(incidentId, approver, now);
      }

      @Override
      public boolean checkPlan(String incidentId, Instant now) {
        return table.checkPlan(incidentId, now);
      }

      @Override
      public boolean claimPlan(String incidentId, String actionDigest, Instant now) {
        return table.claimPlan(incidentId, actionDigest, now);
      }

      @Override
      public String openProposal(String change, String incidentId, Instant now, Instant expires) {
        return table.openProposal(change, incidentId, now, expires);
      }

      @Override
      public void closeProposal(String change, String incidentId, Instant now) {
        table.closeProposal(change, incidentId, now);
      }
    };
  }
}
