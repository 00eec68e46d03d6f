package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;
import java.time.Duration;
import java.time.Instant;

/**
 * Triage's memory, one DynamoDB table in production: which event ids were handled (EventBridge
 * delivers at least once), the incident of each fingerprint (docs/architecture.md), and an audit
 * record of every event with the decision taken. ECS forgets stopped tasks after about an hour;
 * this does not.
 */
interface AuditStore {
  /**
   * Claims an event id. False when another invocation handled it, or is handling it right now; a
   * claim older than {@code staleAfter} (a crashed invocation) can be taken over.
   */
  boolean claimEvent(String eventId, Instant now, Duration staleAfter);

  /** Marks a claimed event done, so later deliveries are recognised as duplicates. */
  void completeEvent(String eventId);

  /** Gives a claim back after a failure, so the retry of the same event is processed. */
  void releaseEvent(String eventId);

  /**
   * Counts one occurrence of the incident {@code key} (the finding's fingerprint, or its
   * deployment's: {@code DeploymentIncident}) and says whether this one should notify: the first
   * occurrence, or the first after the window since the last notification.
   */
  Occurrence recordOccurrence(String key, Finding finding, Instant now, Duration window);

  /** Undoes a notification claim whose notification could not be sent. */
  void releaseNotification(String fingerprint, Instant claimedAt);

  /** Writes the audit record of one event. */
  void record(AuditRecord record);

  /**
   * One occurrence of an incident.
   *
   * @param incidentId stable for the fingerprint within one notification window
   * @param alert whether this occurrence alerts (and claimed the notification)
   * @param occurrences occurrences of the fingerprint since it was first seen
   * @param suppressed occurrences folded into this notification since the previous one (the digest
   *     count); zero for a first notification
   */
  record Occurrence(String incidentId, boolean alert, long occurrences, long suppressed) {}
}
