package io.ecsmedic.model;

import java.util.Locale;

/**
 * How far ecs-medic may go for a service (docs/remediation.md, "Modes"): the template's {@code
 * Mode}, overridden per service by the tag {@code ecs-medic:mode}. Triage resolves it, and the
 * remediation workflow carries it in its state.
 */
public enum Mode {
  /** The service opted out: its events are audited and nothing else. */
  OFF,
  /** Alert only; no workflow. */
  OBSERVE,
  /** Alert, and a workflow that proposes a fix a human approves. */
  PROPOSE,
  /** As PROPOSE, but low-risk allow-listed actions on allow-listed clusters go ahead alone. */
  AUTO;

  /**
   * The mode a setting or tag names, in any case and with surrounding blanks.
   *
   * @throws IllegalArgumentException naming the value when it is no mode
   */
  public static Mode parse(String value) {
    if (value != null) {
      String name = value.trim().toUpperCase(Locale.ROOT);
      for (Mode m : values()) {
        if (m.name().equals(name)) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException(
        "'" + value + "' is not a mode: expected off, observe, propose or auto");
  }

  /** Whether a remediation workflow runs at all: it proposes (and maybe applies) a fix. */
  public boolean mayPropose() {
    return this == PROPOSE || this == AUTO;
  }

  /** Whether an action may be applied without a human's approval (the guardrails still apply). */
  public boolean mayApplyAlone() {
    return this == AUTO;
  }
}
