package io.ecsmedic.posture;

import java.util.Objects;

/**
 * One rule's verdict on one service, as on-call reads it.
 *
 * @param rule the rule's id
 * @param severity the rule's severity (copied so a stored report reads alone)
 * @param evidence what was read that decided it, or why it could not be decided
 * @param fix the exact command that fixes a FAIL (naming the service); null otherwise
 * @param muteReason the mute tag's value when MUTED; null otherwise
 */
public record RuleResult(
    String rule,
    Severity severity,
    RuleStatus status,
    String evidence,
    String fix,
    String muteReason) {
  public RuleResult {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(evidence, "evidence");
    if (status == RuleStatus.FAIL && (fix == null || fix.isBlank())) {
      throw new IllegalArgumentException(rule + ": a failed rule must say the fix");
    }
  }

  public static RuleResult pass(PostureRule rule, String evidence) {
    return new RuleResult(rule.id(), rule.severity(), RuleStatus.PASS, evidence, null, null);
  }

  public static RuleResult fail(PostureRule rule, String evidence, String fix) {
    return new RuleResult(rule.id(), rule.severity(), RuleStatus.FAIL, evidence, fix, null);
  }

  public static RuleResult unknown(PostureRule rule, String why) {
    return new RuleResult(rule.id(), rule.severity(), RuleStatus.UNKNOWN, why, null, null);
  }

  /** This verdict, muted: the evidence and fix are kept so the report shows what is muted. */
  public RuleResult muted(String reason) {
    return new RuleResult(rule, severity, RuleStatus.MUTED, evidence, fix, reason);
  }
}
