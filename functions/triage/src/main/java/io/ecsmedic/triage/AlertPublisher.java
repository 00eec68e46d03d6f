package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;

/** Where alerts go: SNS in production; a recording fake in handler tests. */
interface AlertPublisher {
  /**
   * Publishes the alert that opens (or re-opens, after the window) an incident.
   *
   * @param repeatsFolded repeats since the previous alert of this fingerprint (the digest count)
   */
  void publish(Finding finding, String incidentId, long repeatsFolded);
}
