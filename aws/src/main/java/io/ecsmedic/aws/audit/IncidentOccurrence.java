package io.ecsmedic.aws.audit;

/**
 * One occurrence of an incident, as {@link AuditTable#countOccurrence} counted it.
 *
 * @param incidentId stable for the fingerprint within one notification window
 * @param alert whether this occurrence alerts (and claimed the notification)
 * @param occurrences occurrences of the fingerprint since it was first seen
 * @param suppressed occurrences folded into this notification since the previous one (the digest
 *     count); zero for a first notification
 */
public record IncidentOccurrence(
    String incidentId, boolean alert, long occurrences, long suppressed) {}
