package io.ecsmedic.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the Plan step decided ({@code plan} in the workflow state); the state machine's ByDecision
 * reads {@code decision} and WaitBeforeVerify {@code verifyIntervalSeconds}.
 *
 * @param alternatives titles of the proposals not chosen, for a human
 * @param action the one action, or null when there is nothing to apply
 * @param verifyIntervalSeconds the wait between two checks after Apply; null without an action
 */
public record Plan(
    @JsonProperty(required = true) Decision decision,
    String reason,
    List<String> alternatives,
    PlannedAction action,
    Long verifyIntervalSeconds) {

  public Plan {
    alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
  }

  /** How the plan may go ahead (docs/remediation.md, "Safety model"). */
  public enum Decision {
    /** No proposal applies to the live state. */
    NOTHING_TO_APPLY,
    /** OBSERVE mode: tell, change nothing. */
    OBSERVE,
    /** AUTO mode and every AUTO condition holds: no approval. */
    AUTO,
    /** A human approves first. */
    NEEDS_APPROVAL,
    /**
     * It would need approval, but another incident's proposal of the same change is open: this
     * incident joins it and asks nothing of its own.
     */
    JOINED
  }
}
