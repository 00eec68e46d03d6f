package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.model.Finding;
import io.ecsmedic.notify.AlertText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes an alert on the alert topic: readable text for email and SMS, the finding as JSON (plus
 * incident and repeat count) for SQS, Lambda and HTTP subscribers. Besides {@code kind = alert},
 * message attributes (category, subcause, paged, cluster, service, account, region, …) let
 * subscriptions filter. The alert's notes (mode fallback, foreign account) open the text and are
 * listed as {@code notes} in the JSON. What changed before the failure leads the text after the
 * notes and is {@code whatChanged} in the JSON ({@code ChangeReport.toJson}). The container's last
 * words and the flight record's URI follow the body in the text, and are {@code lastWords} and
 * {@code evidenceRecord} in the JSON.
 */
final class SnsAlertPublisher implements AlertPublisher {
  private final AlertTopic topic;

  SnsAlertPublisher(AlertTopic topic) {
    this.topic = topic;
  }

  /** Throws when the topic refuses the alert: SNS is the channel of record. */
  @Override
  public Delivery publish(Alert alert) {
    Finding finding = alert.finding();
    String body =
        AlertText.body(finding, alert.incidentId(), alert.repeatsFolded(), alert.checked());
    if (alert.lastWords() != null) {
      body += "\n" + AlertText.lastWords(alert.lastWords());
    }
    if (alert.evidenceRecord() != null) {
      body += "\n" + AlertText.evidenceRecord(alert.evidenceRecord());
    }
    body = AlertText.whatChanged(alert.whatChanged()) + body;
    String text = alert.notes().isEmpty() ? body : String.join("\n", alert.notes()) + "\n\n" + body;
    ObjectNode machine = machineReadable(finding, alert.incidentId(), alert.repeatsFolded());
    if (!alert.checked().isEmpty()) {
      alert.checked().forEach(machine.putArray("checked")::add);
    }
    if (!alert.notes().isEmpty()) {
      alert.notes().forEach(machine.putArray("notes")::add);
    }
    if (alert.lastWords() != null) {
      machine.set("lastWords", alert.lastWords().toJson());
    }
    if (alert.evidenceRecord() != null) {
      machine.put("evidenceRecord", alert.evidenceRecord());
    }
    if (alert.changed() != null) {
      machine.set("whatChanged", alert.changed().toJson());
    }
    topic.publish(
        AlertTopic.Kind.ALERT, subject(finding), text, machine.toString(), attributes(finding));
    return Delivery.DELIVERED;
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
