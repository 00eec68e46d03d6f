package io.ecsmedic.triage;

import io.ecsmedic.json.FindingJson;
import io.ecsmedic.model.Finding;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes a finding as JSON with message attributes (category, subcause, paged, cluster, service,
 * account, region) that subscribers can filter on.
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
  public void publish(Finding finding) {
    sns.publish(
        r ->
            r.topicArn(topicArn)
                .subject(subject(finding))
                .message(FindingJson.toJson(finding).toString())
                .messageAttributes(attributes(finding)));
  }

  static String subject(Finding f) {
    String where =
        f.resource().service() != null
            ? " " + f.resource().service()
            : f.resource().cluster() != null ? " " + f.resource().cluster() : "";
    String s = "[ecs-medic] " + f.category() + "/" + f.subcause() + where;
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
