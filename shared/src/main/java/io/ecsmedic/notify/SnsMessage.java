package io.ecsmedic.notify;

import io.ecsmedic.json.Json;

/**
 * The body of an SNS publish with {@code MessageStructure=json}: readable text for e-mail (and as
 * the default), the subject for SMS, and the JSON form for every machine protocol (SQS, Lambda,
 * HTTP/S, Firehose). Every ecs-medic message (alerts, digests, proposals, outcomes, ECR reports)
 * goes out this way, so subscribers choose their form by protocol.
 */
public final class SnsMessage {
  private SnsMessage() {}

  public static String perProtocol(String text, String subject, String json) {
    return Json.MAPPER
        .createObjectNode()
        .put("default", text)
        .put("email", text)
        .put("sms", subject)
        .put("sqs", json)
        .put("lambda", json)
        .put("http", json)
        .put("https", json)
        .put("firehose", json)
        .toString();
  }
}
