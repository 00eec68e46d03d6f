package io.ecsmedic.remediation;

import io.ecsmedic.json.Json;
import io.ecsmedic.workflow.Plan;
import io.ecsmedic.workflow.StepRequest;
import io.ecsmedic.workflow.WorkflowJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The remediation function's SnapStart priming (see {@link io.ecsmedic.snapstart.SnapStartHooks}).
 * Every step reads the workflow state the state machine passes and writes it back, so before the
 * snapshot this runs that over a Plan step request bundled in the jar ({@code
 * priming/plan-step.json}: an enriched out-of-memory finding): the request read with Jackson into
 * the typed state, the plan made by the function's own planner (pure: the settings and the state),
 * and the state with its plan written back. A restored environment then runs its first step with
 * those classes loaded and run.
 *
 * <p>Not primed, because each would call AWS or Slack: Enrich's reads, the plan's storage and
 * guards, the approval request, Re-check, Apply, Verify and Record.
 *
 * <p>Nothing to refresh after a restore: the remediation function caches no timestamp, id or random
 * value at initialisation. The approval request's nonce comes from a {@code SecureRandom} created
 * when the first approval is requested, never before the snapshot, and the clock is read on every
 * step.
 */
final class RemediationPriming {
  static final String REQUEST = "priming/plan-step.json";

  private final Planner planner;

  RemediationPriming(Planner planner) {
    this.planner = planner;
  }

  /**
   * Reads the bundled request, plans and writes the state back; returns the plan, for the tests.
   */
  Plan prime() {
    try (InputStream in = RemediationPriming.class.getClassLoader().getResourceAsStream(REQUEST)) {
      if (in == null) {
        throw new IllegalStateException("priming request missing from the jar: " + REQUEST);
      }
      StepRequest request = WorkflowJson.read(Json.MAPPER.readTree(in));
      Plan plan = planner.plan(request.state());
      Json.MAPPER.writeValueAsBytes(WorkflowJson.write(request, request.state().withPlan(plan)));
      return plan;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
