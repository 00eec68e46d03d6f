package io.ecsmedic.remediation;

import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.workflow.Enrichment;
import io.ecsmedic.workflow.Recheck;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.WorkflowState;
import java.time.Clock;
import java.time.Instant;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The Re-check step, right before Apply (docs/remediation.md, "Re-check"). In order, and the first
 * refusal wins:
 *
 * <ol>
 *   <li>the action is one ecs-medic may apply (ALLOWED_ACTIONS);
 *   <li>the service still exists, runs the task definition and primary deployment it ran when the
 *       plan was made (a human or a pipeline may have fixed or changed it meanwhile), and no
 *       circuit-breaker rollback is in progress;
 *   <li>this incident has not had an action applied already (idempotency: a redelivered event or a
 *       re-run execution never applies twice);
 *   <li>the blast-radius limits: at most N actions per service and M per account per clock hour.
 * </ol>
 *
 * Claims (3, 4) are conditional writes to the audit table, so concurrent executions cannot both
 * pass.
 */
final class Guardrails {
  private final RemediationSettings settings;
  private final EcsClient ecs;
  private final AuditTable table;
  private final Clock clock;

  Guardrails(RemediationSettings settings, EcsClient ecs, AuditTable table, Clock clock) {
    this.settings = settings;
    this.ecs = ecs;
    this.table = table;
    this.clock = clock;
  }

  Recheck recheck(WorkflowState state) {
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
    if (!table.countAccountAction(now, settings.maxPerAccountPerHour())) {
      return refuse(
          "blast radius: "
              + settings.maxPerAccountPerHour()
              + " actions in this account this hour already");
    }
    return Recheck.passed();
  }

  private static Recheck refuse(String reason) {
    return Recheck.refused(reason);
  }
}
