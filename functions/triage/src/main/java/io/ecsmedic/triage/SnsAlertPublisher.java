package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.model.Finding;
import io.ecsmedic.notify.AlertText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes an alert on the alert topic: readable text for email and SMS, the finding as JSON (plus
 * incident and repeat count) for SQS, Lambda and HTTP subscribers. Besides {@code kind = alert},
 * message attributes (category, subcause, paged, cluster, service, account, region, …) let
 * subscriptions filter.
 */
final class SnsAlertPublisher implements AlertPublisher {
  private final AlertTopic topic;

  SnsAlertPublisher(AlertTopic topic) {
    this.topic = topic;
  }

  @Override
  public void publish(
      Finding finding, String incidentId, long repeatsFolded, List<String> checked) {
    String text = AlertText.body(finding, incidentId, repeatsFolded, checked);
    ObjectNode machine = machineReadable(finding, incidentId, repeatsFolded);
    if (!checked.isEmpty()) {
      checked.forEach(machine.putArray("checked")::add);
    }
    topic.publish(
        AlertTopic.Kind.ALERT, subject(finding), text, machine.toString(), attributes(finding));
  }

  static ObjectNode machineReadable(Finding finding, String incidentId, long repeatsFolded) {
    ObjectNode json = FindingJson.toJson(finding);
    json.put("incidentId", incidentId);
    json.put("repeatsFolded", repeatsFolded);
    return json;
  }

  static String subject(Finding f) {
    return AlertTopic.subject("[ecs-medic] " + AlertText.headline(f));
  }

  private static Map<String, String> attributes(Finding f) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("category", f.category().name());
    values.put("subcause", f.subcause());
    values.put("paged", Boolean.toString(f.category().pages()));
    values.putAll(f.resource().asMap());
    return values;
  }
}
