package io.ecsmedic.triage;

import io.ecsmedic.model.Finding;
import java.util.List;

/** Sends an alert to every channel in order; the first (SNS) decides success. */
final class FanOutAlertPublisher implements AlertPublisher {
  private final List<AlertPublisher> channels;

  FanOutAlertPublisher(List<AlertPublisher> channels) {
    this.channels = List.copyOf(channels);
  }

  @Override
  public void publish(
      Finding finding, String incidentId, long repeatsFolded, List<String> checked) {
    for (AlertPublisher channel : channels) {
      channel.publish(finding, incidentId, repeatsFolded, checked);
    }
  }

  @Override
  public void repeat(Finding finding, String incidentId, long occurrences) {
    for (AlertPublisher channel : channels) {
      channel.repeat(finding, incidentId, occurrences);
    }
  }
}
