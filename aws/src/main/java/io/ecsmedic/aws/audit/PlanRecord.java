package io.ecsmedic.aws.audit;

import java.time.Instant;

/**
 * A plan the remediation workflow's Plan step decided ({@code PLAN#<incident id>}): the one action
 * the Apply step may later claim, identified by the digest of its concrete parameters.
 *
 * @param action the action's catalogue name
 * @param actionDigest the digest of the concrete action (type and parameters)
 * @param auto true when AUTO may apply it alone; false when a human must approve it first
 * @param expiresAt after this the plan can no longer be approved, checked or claimed
 */
public record PlanRecord(
    String incidentId,
    String cluster,
    String service,
    String action,
    String actionDigest,
    boolean auto,
    Instant plannedAt,
    Instant expiresAt) {}
