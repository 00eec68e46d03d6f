package io.ecsmedic.remediation;

import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.workflow.Enrichment;
import io.ecsmedic.workflow.Recheck;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.WorkflowState;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The Re-check step, right before Apply (docs/remediation.md, "Re-check"). In order, and the first
 * refusal wins:
 *
 * <ol>
 *   <li>the action is one ecs-medic may apply (ALLOWED_ACTIONS);
 *   <li>the service still exists and has not opted out meanwhile: its {@code ecs-medic:mode} tag is
 *       read again ({@link ServiceModeTag}; unreadable counts as off);
 *   <li>it runs the task definition and primary deployment it ran when the plan was made (a human
 *       or a pipeline may have fixed or changed it meanwhile), and no circuit-breaker rollback is
 *       in progress;
 *   <li>the action is the stored plan's, and that plan is AUTO or was approved ({@link PlanGuard});
 *   <li>this incident has not had an action applied already (idempotency: a redelivered event or a
 *       re-run execution never applies twice);
 *   <li>the blast-radius limits: at most N actions per service and M per account per clock hour;
 *   <li>the plan is marked checked, which Apply's claim requires.
 * </ol>
 *
 * Claims (5 to 7) are conditional writes to the audit table, so concurrent executions cannot both
 * pass. Nothing before 5 writes anything.
 */
final class Guardrails {
  private final RemediationSettings settings;
  private final EcsClient ecs;
  private final AuditTable table;
  private final ServiceModeTag modes;
  private final PlanGuard plans;
  private final Clock clock;

  Guardrails(
      RemediationSettings settings,
      EcsClient ecs,
      AuditTable table,
      ServiceModeTag modes,
      PlanGuard plans,
      Clock clock) {
    this.settings = settings;
    this.ecs = ecs;
    this.table = table;
    this.modes = modes;
    this.plans = plans;
    this.clock = clock;
  }

  Recheck recheck(WorkflowState state) {
    // The approval was decided (or there was none to wait for): the change's proposal closes, so
    // a later incident proposing the same change asks afresh.
    plans.closeProposal(state);
    RemediationAction action = state.plannedAction().action();
    Enrichment.ServiceState planned = state.enrichment().service();
    String cluster = action.cluster();
    String serviceName = action.service();
    ActionType type = action.type();
    if (!settings.allowedActions().contains(type)) {
      return refuse(type + " is not in ALLOWED_ACTIONS");
    }
    Service live = Enricher.describeService(ecs, cluster, serviceName);
    if (live == null) {
      return refuse("the service no longer exists");
    }
    Optional<String> optedOut = modes.refusal(live.serviceArn(), state.plan().decision());
    if (optedOut.isPresent()) {
      return refuse(optedOut.get());
    }
    if (!live.taskDefinition().equals(planned.taskDefinition())) {
      return refuse(
          "the service changed since the event: it now runs "
              + live.taskDefinition()
              + ", not "
              + planned.taskDefinition());
    }
    Deployment primary = Enricher.primary(live);
    String plannedDeployment =
        planned.primaryDeploymentId() == null ? "" : planned.primaryDeploymentId();
    if (primary != null && !primary.id().equals(plannedDeployment)) {
      return refuse(
          "the service changed since the event: deployment "
              + primary.id()
              + " replaced "
              + plannedDeployment);
    }
    if (Enricher.rollingBack(live)) {
      return refuse("a circuit-breaker rollback is in progress");
    }
    Optional<String> unapproved = plans.approved(state);
    if (unapproved.isPresent()) {
      return refuse(unapproved.get());
    }
    Instant now = clock.instant();
    String incidentId = state.incidentId();
    if (!table.claimAction(incidentId, type.name(), now)) {
      return refuse("an action was already applied for incident " + incidentId);
    }
    if (!table.countServiceAction(cluster, serviceName, now, settings.maxPerServicePerHour())) {
      return refuse(
          "blast radius: "
              + settings.maxPerServicePerHour()
              + " actions on this service this hour already");
    }
    if (!table.countAccountAction(
        state.finding().resource().account(), now, settings.maxPerAccountPerHour())) {
      return refuse(
          "blast radius: "
              + settings.maxPerAccountPerHour()
              + " actions in this account this hour already");
    }
    return plans.checked(state).map(Guardrails::refuse).orElse(Recheck.passed());
  }

  private static Recheck refuse(String reason) {
    return Recheck.refused(reason);
  }
}
