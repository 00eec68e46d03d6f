package io.ecsmedic.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The types of the event fields the diagnosis reads. A field that is absent or null is fine (the
 * diagnosis works with what is there); a field of the wrong type is an error that names the field
 * and says what it holds, so a garbled or hostile event never reaches the classifier half-read.
 */
final class FieldTypes {
  private FieldTypes() {}

  private static final List<String> TASK_TEXT =
      List.of(
          "taskArn",
          "clusterArn",
          "taskDefinitionArn",
          "lastStatus",
          "desiredStatus",
          "stopCode",
          "stoppedReason",
          "group",
          "startedBy",
          "launchType",
          "cpu",
          "memory");
  private static final List<String> CONTAINER_TEXT = List.of("name", "reason", "image");
  private static final List<String> SERVICE_EVENT_TEXT =
      List.of("eventName", "eventType", "reason");
  private static final List<String> API_CALL_TEXT =
      List.of("eventSource", "eventName", "errorCode", "errorMessage");

  /** Checks an event's detail; {@code eventId} (may be null) is named in the error. */
  static void check(InputKind kind, JsonNode detail, String eventId) throws InvalidInputException {
    switch (kind) {
      case TASK_STATE_CHANGE -> checkTask(detail, "detail", eventId);
      case DEPLOYMENT_STATE_CHANGE, SERVICE_ACTION ->
          text(detail, "detail", SERVICE_EVENT_TEXT, eventId);
      case API_CALL -> {
        text(detail, "detail", API_CALL_TEXT, eventId);
        object(detail, "detail", "requestParameters", eventId);
      }
      case ALARM_STATE_CHANGE -> {
        object(detail, "detail", "state", eventId);
        object(detail, "detail", "configuration", eventId);
        JsonNode metrics = detail.path("configuration").path("metrics");
        if (!metrics.isMissingNode() && !metrics.isNull() && !metrics.isArray()) {
          throw wrong("detail.configuration.metrics", "an array", metrics, eventId);
        }
      }
      case MESSAGE -> {}
    }
  }

  /** Checks a task object found at {@code path}; {@code eventId} (may be null) is named too. */
  static void checkTask(JsonNode task, String path, String eventId) throws InvalidInputException {
    text(task, path, TASK_TEXT, eventId);
    JsonNode containers = task.get("containers");
    if (containers == null || containers.isNull()) {
      return;
    }
    if (!containers.isArray()) {
      throw wrong(path + ".containers", "an array", containers, eventId);
    }
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      String at = path + ".containers[" + i + "]";
      if (!c.isObject()) {
        throw wrong(at, "an object", c, eventId);
      }
      text(c, at, CONTAINER_TEXT, eventId);
      JsonNode exit = c.get("exitCode");
      if (exit != null && !exit.isNull() && !exit.canConvertToInt()) {
        throw wrong(at + ".exitCode", "an integer", exit, eventId);
      }
    }
    object(task, path, "overrides", eventId);
  }

  private static void text(JsonNode node, String path, List<String> fields, String eventId)
      throws InvalidInputException {
    for (String field : fields) {
      JsonNode v = node.get(field);
      if (v != null && !v.isNull() && !v.isTextual() && !v.isNumber()) {
        throw wrong(path + "." + field, "a string", v, eventId);
      }
    }
  }

  private static void object(JsonNode node, String path, String field, String eventId)
      throws InvalidInputException {
    JsonNode v = node.get(field);
    if (v != null && !v.isNull() && !v.isObject()) {
      throw wrong(path + "." + field, "an object", v, eventId);
    }
  }

  private static InvalidInputException wrong(
      String path, String expected, JsonNode got, String eventId) {
    return new InvalidInputException(
        "field \""
            + path
            + "\" must be "
            + expected
            + ", got "
            + InputParser.describe(got)
            + InputParser.where(eventId));
  }
}
