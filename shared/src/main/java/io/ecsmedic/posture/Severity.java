package io.ecsmedic.posture;

/**
 * How bad a failed posture rule is: HIGH breaks a deployment or leaks a secret, MEDIUM turns a
 * routine event (a deploy, a Spot reclaim) into an outage, LOW slows or degrades, ADVICE is a
 * practice worth knowing about that may be deliberate. Worst first.
 */
public enum Severity {
  HIGH,
  MEDIUM,
  LOW,
  ADVICE;

  /** Weight of one failure of this severity when ranking services, worst first. */
  public int weight() {
    return switch (this) {
      case HIGH -> 100;
      case MEDIUM -> 10;
      case LOW -> 2;
      case ADVICE -> 1;
    };
  }
}
