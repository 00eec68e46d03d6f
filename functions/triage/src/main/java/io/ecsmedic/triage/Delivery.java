package io.ecsmedic.triage;

/**
 * What one alert channel made of an alert.
 *
 * @param failure why the channel did not take it, fit for a log line, the audit record and the
 *     dead-letter queue (never a URL, token or secret value); null when it was delivered
 */
record Delivery(String failure) {
  static final Delivery DELIVERED = new Delivery(null);

  static Delivery failed(String reason) {
    return new Delivery(reason);
  }

  boolean delivered() {
    return failure == null;
  }
}
