package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;

/** The id of an event that could not be diagnosed, for its dead-letter and audit records. */
final class EventIds {
  private EventIds() {}

  /** Longer is not an EventBridge id (a UUID); it would only bloat the audit key. */
  private static final int MAX_ID = 128;

  /**
   * The event's {@code id} when it is JSON with a plausible string id; otherwise the request id.
   */
  static String of(String event, String requestId) {
    try {
      JsonNode id = Json.MAPPER.readTree(event).path("id");
      return id.isTextual() && !id.asText().isBlank() && id.asText().length() <= MAX_ID
          ? id.asText()
          : requestId;
    } catch (java.io.IOException | RuntimeException e) {
      return requestId;
    }
  }
}
