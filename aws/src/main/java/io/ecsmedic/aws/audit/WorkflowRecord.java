package io.ecsmedic.aws.audit;

import java.time.Instant;
import java.util.List;

/**
 * The audit record of a remediation workflow decision, beside triage's record of the event (same
 * partition, so {@code ecs-medic history} lists both). Empty or null text is stored as {@code -}.
 *
 * @param decision e.g. REMEDIATION_PROPOSED, REMEDIATION_STEADY, REMEDIATION_REJECTED
 * @param action the action type; null when the plan had none (the attribute is left out)
 * @param approver who approved; null or blank leaves the attribute out
 * @param calls the API calls made; empty leaves the attribute out
 * @param expiresAt when DynamoDB's TTL removes the record
 */
public record WorkflowRecord(
    String cluster,
    String eventId,
    Instant at,
    String decision,
    String incidentId,
    String mode,
    String service,
    String category,
    String subcause,
    String summary,
    String detail,
    String action,
    String approver,
    List<String> calls,
    Instant expiresAt) {}
