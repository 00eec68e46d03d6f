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
    String where = eventId; // turned into " (event id …)" only when an error is raised
    switch (kind) {
      case TASK_STATE_CHANGE -> checkTask(detail, "detail", where);
      case DEPLOYMENT_STATE_CHANGE, SERVICE_ACTION ->
          text(detail, "detail", SERVICE_EVENT_TEXT, where);
      case API_CALL -> {
        text(detail, "detail", API_CALL_TEXT, where);
        object(detail, "detail", "requestParameters", where);
      }
      case ALARM_STATE_CHANGE -> {
        object(detail, "detail", "state", where);
        object(detail, "detail", "configuration", where);
        JsonNode metrics = detail.path("configuration").path("metrics");
        if (!metrics.isMissingNode() && !metrics.isNull() && !metrics.isArray()) {
          throw wrong("detail.configuration.metrics", "an array", metrics, where);
        }
      }
      case MESSAGE -> {}
    }
  }

  static void checkTask(JsonNode task, String path, String where) throws InvalidInputException {
    text(task, path, TASK_TEXT, where);
    JsonNode containers = task.get("containers");
    if (containers == null || containers.isNull()) {
      return;
    }
    if (!containers.isArray()) {
      throw wrong(path + ".containers", "an array", containers, where);
    }
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      String at = path + ".containers[" + i + "]";
      if (!c.isObject()) {
        throw wrong(at, "an object", c, where);
      }
      text(c, at, CONTAINER_TEXT, where);
      JsonNode exit = c.get("exitCode");
      if (exit != null && !exit.isNull() && !exit.canConvertToInt()) {
        throw wrong(at + ".exitCode", "an integer", exit, where);
      }
    }
    object(task, path, "overrides", where);
  }

  private static void text(JsonNode node, String path, List<String> fields, String where)
      throws InvalidInputException {
    for (String field : fields) {
      JsonNode v = node.get(field);
      if (v != null && !v.isNull() && !v.isTextual() && !v.isNumber()) {
        throw wrong(path + "." + field, "a string", v, where);
      }
    }
  }

  private static void object(JsonNode node, String path, String field, String where)
      throws InvalidInputException {
    JsonNode v = node.get(field);
    if (v != null && !v.isNull() && !v.isObject()) {
      throw wrong(path + "." + field, "an object", v, where);
    }
  }

  private static InvalidInputException wrong(
      String path, String expected, JsonNode got, String where) {
    return new InvalidInputException(
        "field \""
            + path
            + "\" must be "
            + expected
            + ", got "
            + InputParser.describe(got)
            + (where == null || where.isEmpty() ? "" : InputParser.where(where)));
  }
}
