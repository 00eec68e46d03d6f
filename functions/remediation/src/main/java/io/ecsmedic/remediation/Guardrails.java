package io.ecsmedic.remediation;

import io.ecsmedic.model.ActionType;
import io.ecsmedic.workflow.Enrichment;
import io.ecsmedic.workflow.Recheck;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.WorkflowState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  private final RemediationSettings settings;
  private final EcsClient ecs;
  private final DynamoDbClient dynamo;
  private final Clock clock;

  Guardrails(RemediationSettings settings, EcsClient ecs, DynamoDbClient dynamo, Clock clock) {
    this.settings = settings;
    this.ecs = ecs;
    this.dynamo = dynamo;
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
    if (!claimOnce(incidentId, type, now)) {
      return refuse("an action was already applied for incident " + incidentId);
    }
    String hour = HOUR.format(now);
    if (!withinLimit(
        "RATE#SERVICE#" + cluster + "/" + serviceName,
        hour,
        settings.maxPerServicePerHour(),
        now)) {
      return refuse(
          "blast radius: "
              + settings.maxPerServicePerHour()
              + " actions on this service this hour already");
    }
    if (!withinLimit("RATE#ACCOUNT", hour, settings.maxPerAccountPerHour(), now)) {
      return refuse(
          "blast radius: "
              + settings.maxPerAccountPerHour()
              + " actions in this account this hour already");
    }
    return Recheck.passed();
  }

  private boolean claimOnce(String incidentId, ActionType type, Instant now) {
    try {
      dynamo.putItem(
          r ->
              r.tableName(settings.auditTable())
                  .item(
                      Map.of(
                          "pk", AttributeValue.fromS("ACTION#" + incidentId),
                          "sk", AttributeValue.fromS("ACTION"),
                          "action", AttributeValue.fromS(type.name()),
                          "claimedAt", AttributeValue.fromS(now.toString()),
                          "expiresAt", expires(now, 90 * 86400L)))
                  .conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private boolean withinLimit(String pk, String hour, int max, Instant now) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(settings.auditTable())
                  .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(hour)))
                  .updateExpression("ADD actions :one SET expiresAt = :expires")
                  .conditionExpression("attribute_not_exists(actions) OR actions < :max")
                  .expressionAttributeValues(
                      Map.of(
                          ":one", AttributeValue.fromN("1"),
                          ":max", AttributeValue.fromN(Integer.toString(max)),
                          ":expires", expires(now, 2 * 86400L))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private static AttributeValue expires(Instant now, long seconds) {
    return AttributeValue.fromN(Long.toString(now.getEpochSecond() + seconds));
  }

  private static Recheck refuse(String reason) {
    return Recheck.refused(reason);
  }
}
