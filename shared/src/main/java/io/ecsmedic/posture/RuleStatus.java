package io.ecsmedic.posture;

/**
 * A rule's verdict on one service. UNKNOWN means an input could not be read and is never rounded up
 * to PASS; MUTED means the service carries a mute tag for the rule, whatever the rule would say.
 */
public enum RuleStatus {
  PASS,
  FAIL,
  UNKNOWN,
  MUTED
}
