package io.ecsmedic.remediation;

import io.ecsmedic.aws.audit.PlanItem;
import io.ecsmedic.aws.audit.PlanRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit table's plan, proposal and approval items in memory, with the same conditions as
 * AuditTable's conditional writes (which RemediationGuardAuditIT checks against the emulator).
 */
final class InMemoryPlanStore implements PlanStore {
  final Map<String, PlanItem> plans = new HashMap<>();
  final Map<String, String> approvals = new HashMap<>();
  final Map<String, Proposal> proposals = new HashMap<>();

  static final class Proposal {
    String owner;
    Instant expires;
    boolean open = true;
    final Set<String> joined = new LinkedHashSet<>();
  }

  @Override
  public boolean putPlan(PlanRecord p) {
    String status = p.auto() ? PlanItem.AUTO : PlanItem.PENDING;
    PlanItem old = plans.get(p.incidentId());
    if (old != null) {
      return old.actionDigest().equals(p.actionDigest());
    }
    plans.put(
        p.incidentId(),
        new PlanItem(
            p.incidentId(),
            p.action(),
            p.actionDigest(),
            status,
            p.auto() ? PlanItem.AUTO : null,
            p.expiresAt(),
            null,
            null));
    return true;
  }

  @Override
  public Optional<PlanItem> plan(String incidentId) {
    return Optional.ofNullable(plans.get(incidentId));
  }

  @Override
  public Optional<String> approvedBy(String incidentId) {
    return Optional.ofNullable(approvals.get(incidentId));
  }

  @Override
  public boolean approvePlan(String incidentId, String approver, Instant now) {
    PlanItem p = plans.get(incidentId);
    if (p == null || !p.status().equals(PlanItem.PENDING) || !p.expiresAt().isAfter(now)) {
      return false;
    }
    plans.put(
        incidentId,
        new PlanItem(
            incidentId,
            p.action(),
            p.actionDigest(),
            PlanItem.APPROVED,
            approver,
            p.expiresAt(),
            null,
            null));
    return true;
  }

  @Override
  public boolean checkPlan(String incidentId, Instant now) {
    PlanItem p = plans.get(incidentId);
    if (p == null
        || p.status().equals(PlanItem.PENDING)
        || !p.expiresAt().isAfter(now)
        || p.claimedAt() != null) {
      return false;
    }
    plans.put(
        incidentId,
        new PlanItem(
            incidentId,
            p.action(),
            p.actionDigest(),
            p.status(),
            p.approver(),
            p.expiresAt(),
            now,
            null));
    return true;
  }

  @Override
  public boolean claimPlan(String incidentId, String actionDigest, Instant now) {
    PlanItem p = plans.get(incidentId);
    if (p == null
        || p.status().equals(PlanItem.PENDING)
        || !p.expiresAt().isAfter(now)
        || p.checkedAt() == null
        || p.claimedAt() != null
        || !p.actionDigest().equals(actionDigest)) {
      return false;
    }
    plans.put(
        incidentId,
        new PlanItem(
            incidentId,
            p.action(),
            p.actionDigest(),
            p.status(),
            p.approver(),
            p.expiresAt(),
            p.checkedAt(),
            now));
    return true;
  }

  @Override
  public String openProposal(String change, String incidentId, Instant now, Instant expires) {
    Proposal p = proposals.get(change);
    if (p == null || !p.open || !p.expires.isAfter(now) || p.owner.equals(incidentId)) {
      Proposal opened = new Proposal();
      opened.owner = incidentId;
      opened.expires = expires;
      proposals.put(change, opened);
      return incidentId;
    }
    p.joined.add(incidentId);
    return p.owner;
  }

  @Override
  public void closeProposal(String change, String incidentId, Instant now) {
    Proposal p = proposals.get(change);
    if (p != null && p.open && p.owner.equals(incidentId)) {
      p.open = false;
    }
  }
}
