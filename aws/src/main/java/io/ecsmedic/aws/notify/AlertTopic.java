package io.ecsmedic.aws.notify;

import io.ecsmedic.notify.SnsMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * The alert topic (template.yaml AlertTopic), and the only code that publishes to SNS. Every
 * message goes out the same way: readable text for e-mail, the JSON form for machine protocols
 * ({@link SnsMessage}), a subject SNS accepts, and the {@code kind} message attribute that
 * subscriptions filter on, so that e.g. approvers can subscribe to proposals only.
 */
public final class AlertTopic {
  /** SNS refuses a subject over this length. */
  static final int MAX_SUBJECT = 100;

  /** SNS refuses a message with more attributes than this. */
  static final int MAX_ATTRIBUTES = 10;

  /** What a message is: the value of its {@code kind} attribute. */
  public enum Kind {
    /** Triage's alert that opens (or re-opens) an incident. */
    ALERT("alert"),
    /** The scheduled summary of repeats counted instead of paged. */
    DIGEST("digest"),
    /** A remediation waiting for approval. */
    PROPOSAL("proposal"),
    /** How a remediation workflow ended. */
    REMEDIATION("remediation"),
    /** The scheduled ECR hygiene dry run. */
    ECR_HYGIENE("ecr-hygiene"),
    /** An ECR cleanup waiting for approval. */
    ECR_CLEANUP_PROPOSAL("ecr-cleanup-proposal"),
    /** How an ECR cleanup ended. */
    ECR_CLEANUP("ecr-cleanup"),
    /** The scheduled posture scan's digest. */
    POSTURE_SCAN("posture-scan");

    /** The attribute value, as subscriptions' filter policies spell it. */
    public final String value;

    Kind(String value) {
      this.value = value;
    }

    /** The kind whose attribute value is {@code value}. */
    public static Kind of(String value) {
      for (Kind k : values()) {
        if (k.value.equals(value)) {
          return k;
        }
      }
      throw new IllegalArgumentException("no message kind " + value);
    }
  }

  private final SnsClient sns;
  private final String topicArn;

  public AlertTopic(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  /** Whether there is a topic to publish to (the hygiene job may run without one). */
  public boolean configured() {
    return topicArn != null && !topicArn.isBlank();
  }

  /** Publishes a message with the {@code kind} attribute only. */
  public void publish(Kind kind, String subject, String text, String json) {
    publish(kind, subject, text, json, Map.of());
  }

  /**
   * Publishes a message.
   *
   * @param subject cut to SNS's rules ({@link #subject})
   * @param text for e-mail (and the default)
   * @param json for SQS, Lambda, HTTP/S and Firehose subscribers
   * @param filterAttributes more attributes to filter on, after {@code kind}; those beyond SNS's
   *     limit of {@value #MAX_ATTRIBUTES} are left out, so put the important ones first
   */
  public void publish(
      Kind kind, String subject, String text, String json, Map<String, String> filterAttributes) {
    String clipped = subject(subject);
    String perProtocol = SnsMessage.perProtocol(text, clipped, json);
    sns.publish(
        r ->
            r.topicArn(topicArn)
                .subject(clipped)
                .messageStructure("json")
                .message(perProtocol)
                .messageAttributes(attributes(kind, filterAttributes)));
  }

  /** SNS subjects: printable ASCII, no line breaks, at most {@value #MAX_SUBJECT} characters. */
  public static String subject(String subject) {
    String s = subject.replaceAll("[^\\x20-\\x7E]", "?");
    return s.length() <= MAX_SUBJECT ? s : s.substring(0, MAX_SUBJECT - 1) + "~";
  }

  static Map<String, MessageAttributeValue> attributes(Kind kind, Map<String, String> more) {
    Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
    out.put("kind", text(kind.value));
    more.forEach(
        (name, value) -> {
          if (out.size() < MAX_ATTRIBUTES && !out.containsKey(name)) {
            out.put(name, text(value));
          }
        });
    return out;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
