package io.ecsmedic.model;

/**
 * How much an action can hurt if it is wrong. AUTO mode applies only LOW actions
 * (docs/remediation.md, "Safety model").
 */
public enum Risk {
  LOW,
  MEDIUM,
  HIGH
}
