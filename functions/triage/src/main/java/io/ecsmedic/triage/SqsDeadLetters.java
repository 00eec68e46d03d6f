package io.ecsmedic.triage;

import io.ecsmedic.json.Json;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Parks an undiagnosable event on the dead-letter queue with the reason beside it. */
final class SqsDeadLetters implements DeadLetters {
  /** SQS messages are at most 256 KiB; keep room for the envelope. */
  static final int MAX_EVENT_CHARS = 200 * 1024;

  private final SqsClient sqs;
  private final String queueUrl;

  SqsDeadLetters(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void park(String rawEvent, String reason) {
    boolean truncated = rawEvent.length() > MAX_EVENT_CHARS;
    String body =
        Json.MAPPER
            .createObjectNode()
            .put("reason", reason)
            .put("truncated", truncated)
            .put("event", truncated ? rawEvent.substring(0, MAX_EVENT_CHARS) : rawEvent)
            .toString();
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
  }
}
