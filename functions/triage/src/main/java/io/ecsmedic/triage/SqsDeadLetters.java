package io.ecsmedic.triage;

import io.ecsmedic.json.Json;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Parks on the dead-letter queue: {@code {reason, eventId, truncated, event}}. The SQS client is
 * asked for only when an event is parked, so a cold start that parks nothing never builds it.
 */
final class SqsDeadLetters implements DeadLetters {
  /** SQS messages are at most 256 KiB; keep room for the envelope. */
  static final int MAX_EVENT_CHARS = 200 * 1024;

  private final Supplier<SqsClient> sqs;
  private final String queueUrl;

  SqsDeadLetters(Supplier<SqsClient> sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void park(String eventId, String payload, String reason) {
    boolean truncated = payload.length() > MAX_EVENT_CHARS;
    String body =
        Json.MAPPER
            .createObjectNode()
            .put("reason", reason)
            .put("eventId", eventId)
            .put("truncated", truncated)
            .put("event", truncated ? payload.substring(0, MAX_EVENT_CHARS) : payload)
            .toString();
    sqs.get().sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
  }
}
