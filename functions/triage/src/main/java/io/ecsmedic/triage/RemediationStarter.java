package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.Mode;
import io.ecsmedic.model.ProposedAction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts the remediation workflow (statemachines/remediation.asl.json) for an incident that it can
 * act on: a paged category other than UNKNOWN, on a service, with at least one action ecs-medic can
 * apply, in PROPOSE or AUTO mode. OBSERVE stops at the alert (docs/remediation.md).
 *
 * <p>The execution is named after the incident, so a redelivered or retried event cannot start a
 * second workflow for the same incident: Step Functions refuses a second execution of that name.
 */
final class RemediationStarter {
  /** Where executions start; Step Functions in production, a recording fake in handler tests. */
  interface Workflow {
    /**
     * Starts an execution.
     *
     * @return its ARN, or empty when an execution of that name already exists
     */
    Optional<String> start(String name, String input);
  }

  /** Starts nothing: the function has no state machine configured. */
  static final RemediationStarter NONE = new RemediationStarter(null, Duration.ZERO);

  private final Workflow workflow;
  private final Duration auditRetention;

  /**
   * @param auditRetention how long the workflow's audit records are kept (their expiresAt)
   */
  RemediationStarter(Workflow workflow, Duration auditRetention) {
    this.workflow = workflow;
    this.auditRetention = auditRetention;
  }

  /**
   * Starts executions of the state machine; the Step Functions client is asked for on the first
   * start only, since most events start nothing.
   */
  static RemediationStarter stepFunctions(
      Supplier<SfnClient> sfn, String stateMachineArn, Duration auditRetention) {
    return new RemediationStarter(
        (name, input) -> {
          try {
            return Optional.of(
                sfn.get()
                    .startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input))
                    .executionArn());
          } catch (ExecutionAlreadyExistsException e) {
            return Optional.empty();
          }
        },
        auditRetention);
  }

  /** Whether the workflow has anything to do for this finding in this mode. */
  boolean wants(Finding finding, Mode mode) {
    Category c = finding.category();
    return workflow != null
        && mode.mayPropose()
        && c.pages()
        && c != Category.UNKNOWN
        && !finding.isGuess() // words alone never drive a change to the account
        && finding.resource().cluster() != null
        && finding.resource().service() != null
        && finding.actions().stream().map(ProposedAction::type).anyMatch(ActionType::automatable);
  }

  /**
   * Starts the workflow for the incident.
   *
   * @return the execution ARN, or empty when this incident's workflow was already started
   */
  Optional<String> start(
      Finding finding, String incidentId, String eventId, Mode mode, Instant now) {
    ObjectNode input =
        Json.MAPPER
            .createObjectNode()
            .put("incidentId", incidentId)
            .put("eventId", eventId)
            .put("mode", mode.name())
            .put("auditExpiresAt", now.plus(auditRetention).getEpochSecond());
    input.set("finding", FindingJson.toJson(finding));
    return workflow.start(incidentId, input.toString());
  }
}
