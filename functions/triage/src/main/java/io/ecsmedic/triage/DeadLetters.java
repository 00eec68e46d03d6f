package io.ecsmedic.triage;

/**
 * Where what triage could not finish goes, with the reason, so nothing is lost: an SQS queue in
 * production. Retrying cannot help a malformed event, and a retry after an alert went out would
 * page again, so the event is parked here and the invocation ends normally.
 */
interface DeadLetters {
  /**
   * @param eventId the EventBridge event id, or the request id when the event has none
   * @param payload the raw event, or a small JSON naming what was not done (an incident's Slack
   *     alert, its workflow)
   * @param reason why, without secret values
   */
  void park(String eventId, String payload, String reason);
}
