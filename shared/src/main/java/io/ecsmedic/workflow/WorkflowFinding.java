package io.ecsmedic.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ecsmedic.model.ResourceRef;
import java.util.List;

/**
 * The parts of the execution's {@code finding} (triage's FindingJson form) the steps read. The
 * finding is passed on whole: keys not listed here stay in the state untouched.
 *
 * @param category the failure category's name (the state machine's IsActionable compares it)
 * @param actions the classifier's proposals, in its order of preference
 */
public record WorkflowFinding(
    String category,
    String subcause,
    String summary,
    @JsonProperty(required = true) ResourceRef resource,
    List<Proposal> actions) {

  public WorkflowFinding {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  /**
   * One proposed action as the classifier named it; {@code type} may name an action this version
   * does not know, which the plan then skips.
   */
  public record Proposal(String type, String title) {}

  public String cluster() {
    return resource.cluster();
  }

  public String service() {
    return resource.service();
  }
}
