package io.ecsmedic.model;

import java.util.Objects;

/**
 * One fix, proposed from the event alone (a static plan; live enrichment refines it later).
 *
 * @param type the typed action
 * @param title what it does, in one line, for a human
 * @param command the exact AWS CLI command, filled in with what the event names; null when the fix
 *     is not a CLI call
 * @param snippet an IAM policy, task-definition fragment or other text to apply; may be null
 */
public record ProposedAction(ActionType type, String title, String command, String snippet) {
  public ProposedAction {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
  }

  public Risk risk() {
    return type.risk();
  }

  public boolean reversible() {
    return type.reversible();
  }
}
