package io.ecsmedic.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evidence ECS forgets (a stopped task is gone about an hour after it stops), kept once per
 * incident in the stack's evidence bucket: named parts, each a JSON value, in the order they were
 * added. A new kind of evidence is one more {@link #with} call where the incident opens, and one
 * more name in {@link Part}; readers ({@code ecs-medic show}) print whatever parts a record has.
 *
 * @param incidentId the incident, which also names the object
 * @param recordedAt when triage wrote it
 * @param parts part name → value
 */
public record FlightRecord(String incidentId, Instant recordedAt, Map<String, JsonNode> parts) {

  /** The names of the parts triage writes; a record may lack any of them. */
  public static final class Part {
    /** The finding as the alert gave it. */
    public static final String FINDING = "finding";

    /** The stopped task, as the event gave it, environment values removed. */
    public static final String STOPPED_TASK = "stoppedTask";

    /** The service's newest events (DescribeServices). */
    public static final String SERVICE_EVENTS = "serviceEvents";

    /** The container's last words ({@link LogExcerpt}). */
    public static final String LOG_EXCERPT = "logExcerpt";

    /** The deep checker's report. */
    public static final String CHECK = "check";

    /** Part name → why it could not be read; absent when every part was. */
    public static final String UNREADABLE = "unreadable";

    private Part() {}
  }

  public FlightRecord {
    parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
  }

  public static FlightRecord open(String incidentId, Instant recordedAt) {
    return new FlightRecord(incidentId, recordedAt, Map.of());
  }

  /** This record with one more part; a null value adds nothing. */
  public FlightRecord with(String name, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return this;
    }
    Map<String, JsonNode> more = new LinkedHashMap<>(parts);
    more.put(name, value);
    return new FlightRecord(incidentId, recordedAt, more);
  }

  /** The object's key in the evidence bucket. */
  public static String key(String incidentId) {
    return "incidents/" + incidentId + ".json";
  }

  public String toJson() {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("incidentId", incidentId);
    json.put("recordedAt", recordedAt.toString());
    ObjectNode p = json.putObject("parts");
    parts.forEach(p::set);
    return json.toString();
  }

  public static FlightRecord parse(String text) {
    try {
      JsonNode json = Json.MAPPER.readTree(text);
      Map<String, JsonNode> parts = new LinkedHashMap<>();
      json.path("parts").fields().forEachRemaining(e -> parts.put(e.getKey(), e.getValue()));
      return new FlightRecord(
          json.path("incidentId").asText(), Instant.parse(json.path("recordedAt").asText()), parts);
    } catch (IOException e) {
      throw new UncheckedIOException("not a flight record: " + e.getMessage(), e);
    }
  }

  /**
   * A stopped task's JSON without environment values: container overrides can carry secrets in
   * plain text, and the record is read by more people than the task's owners.
   */
  public static JsonNode withoutEnvironmentValues(JsonNode task) {
    JsonNode copy = task.deepCopy();
    for (JsonNode o : copy.path("overrides").path("containerOverrides")) {
      for (JsonNode env : o.path("environment")) {
        if (env instanceof ObjectNode e && e.has("value")) {
          e.put("value", Redaction.MASK);
        }
      }
    }
    return copy;
  }
}
