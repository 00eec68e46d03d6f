package io.ecsmedic.workflow;

import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Risk;
import java.util.Objects;

/**
 * The one action a plan chose ({@code plan.action} in the workflow state), and how a human would
 * undo it. Risk, reversibility and title are the catalogue's ({@link ActionType}), not the plan's.
 *
 * @param action what to change, with its parameters
 * @param undo the command or sentence that takes the change back
 */
public record PlannedAction(RemediationAction action, String undo) {
  public PlannedAction {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(undo, "undo");
  }

  public ActionType type() {
    return action.type();
  }

  public Risk risk() {
    return type().risk();
  }

  public boolean reversible() {
    return type().reversible();
  }

  public String title() {
    return type().title();
  }
}
