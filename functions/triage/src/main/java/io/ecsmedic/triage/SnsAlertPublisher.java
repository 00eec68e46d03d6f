package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.model.Finding;
import io.ecsmedic.notify.AlertText;
import io.ecsmedic.notify.SnsMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes an alert with one message per protocol: readable text for email and SMS, the finding as
 * JSON (plus incident and repeat count) for SQS, Lambda and HTTP subscribers. Message attributes
 * (category, subcause, paged, cluster, service, account, region) let subscriptions filter.
 */
final class SnsAlertPublisher implements AlertPublisher {
  private static final int MAX_SUBJECT = 100;

  private final SnsClient sns;
  private final String topicArn;

  SnsAlertPublisher(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void publish(
      Finding finding, String incidentId, long repeatsFolded, List<String> checked) {
    String text = AlertText.body(finding, incidentId, repeatsFolded, checked);
    ObjectNode machine = machineReadable(finding, incidentId, repeatsFolded);
    if (!checked.isEmpty()) {
      checked.forEach(machine.putArray("checked")::add);
    }
    String json = machine.toString();
    String perProtocol = SnsMessage.perProtocol(text, subject(finding), json);
    sns.publish(
        r ->
            r.topicArn(topicArn)
                .subject(subject(finding))
                .messageStructure("json")
                .message(perProtocol)
                .messageAttributes(attributes(finding)));
  }

  static ObjectNode machineReadable(Finding finding, String incidentId, long repeatsFolded) {
    ObjectNode json = FindingJson.toJson(finding);
    json.put("incidentId", incidentId);
    json.put("repeatsFolded", repeatsFolded);
    return json;
  }

  static String subject(Finding f) {
    String s = "[ecs-medic] " + AlertText.headline(f);
    // SNS subjects: printable ASCII, no line breaks, at most 100 characters.
    s = s.replaceAll("[^\\x20-\\x7E]", "?");
    return s.length() <= MAX_SUBJECT ? s : s.substring(0, MAX_SUBJECT - 1) + "~";
  }

  private static Map<String, MessageAttributeValue> attributes(Finding f) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("category", f.category().name());
    values.put("subcause", f.subcause());
    values.put("paged", Boolean.toString(f.category().pages()));
    values.putAll(f.resource().asMap());
    Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (out.size() < 10) { // SNS allows at most 10 message attributes
            out.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build());
          }
        });
    return out;
  }
}
