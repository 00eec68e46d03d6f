package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;

/** Where findings go: SNS in production; a recording fake in handler tests. */
interface AlertPublisher {
  void publish(Finding finding);
}
