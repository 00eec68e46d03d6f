package io.ecsmedic.triage;

/**
 * Where inputs that cannot be diagnosed go, with the reason, so nothing is lost: an SQS queue in
 * production. Retrying a malformed event cannot help, so it is parked here instead of failing the
 * invocation.
 */
interface DeadLetters {
  void park(String rawEvent, String reason);
}
