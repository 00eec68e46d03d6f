package io.ecsmedic.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Mode;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The one place that reads and writes the remediation execution's JSON: the function's input {@code
 * {"step": ..., "state": {...}, "taskToken"?, "outcome"?}} and its output. Steps see {@link
 * WorkflowState} records only.
 *
 * <p>The state machine passes the state on whole and adds keys of its own ({@code approvalTimeout},
 * {@code recorded}, ...), so {@link #write} starts from the state as it came and replaces only the
 * keys whose typed value the step changed: nothing the records do not model is lost.
 *
 * <p>A field of the wrong type, or a required one missing, is refused with its path in the state,
 * e.g. {@code plan.action.params.toMemory}.
 */
public final class WorkflowJson {
  private static final ObjectMapper MAPPER =
      Json.MAPPER
          .copy()
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .registerModule(
              new SimpleModule("workflow")
                  .addDeserializer(Mode.class, new ModeDeserializer())
                  .addSerializer(PlannedAction.class, new PlannedActionSerializer())
                  .addDeserializer(PlannedAction.class, new PlannedActionDeserializer())
                  .addSerializer(CheckReport.class, new CheckReportSerializer())
                  .addDeserializer(CheckReport.class, new CheckReportDeserializer()));

  private WorkflowJson() {}

  /** Reads one invocation. */
  public static StepRequest read(JsonNode request) {
    Step step = Step.named(request.path("step").asText());
    if (!(request.get("state") instanceof ObjectNode raw)) {
      throw new IllegalArgumentException("step " + step.wireName() + ": input has no state object");
    }
    String token = request.hasNonNull("taskToken") ? request.get("taskToken").asText() : null;
    Outcome outcome =
        request.hasNonNull("outcome")
            ? convert(request.get("outcome"), Outcome.class, "outcome")
            : null;
    return new StepRequest(step, state(raw), token, outcome, raw);
  }

  /** The typed view of a state object. */
  public static WorkflowState state(JsonNode state) {
    return convert(state, WorkflowState.class, "state");
  }

  /**
   * The state to hand back to the state machine: the state as it came, with every key whose typed
   * value the step changed replaced by the new value (or removed, when the step cleared it).
   */
  public static ObjectNode write(StepRequest request, WorkflowState after) {
    ObjectNode before = MAPPER.valueToTree(request.state());
    ObjectNode now = MAPPER.valueToTree(after);
    ObjectNode out = request.rawState().deepCopy();
    Set<String> keys = new LinkedHashSet<>();
    before.fieldNames().forEachRemaining(keys::add);
    now.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      if (!Objects.equals(before.get(key), now.get(key))) {
        if (now.has(key)) {
          out.set(key, now.get(key));
        } else {
          out.remove(key);
        }
      }
    }
    return out;
  }

  /** RequestApproval's answer; the state machine waits for the task token, not for this. */
  public static ObjectNode approvalRequested() {
    return Json.MAPPER.createObjectNode().put("requested", true);
  }

  /** Record's answer; the state machine keeps {@code decision} in {@code recorded}. */
  public static ObjectNode recorded(String decision, String detail) {
    return Json.MAPPER.createObjectNode().put("decision", decision).put("detail", detail);
  }

  /**
   * Any part of the state as the state machine sees it, e.g. a plan, or the action for an alert.
   */
  public static ObjectNode toJson(Object part) {
    return MAPPER.valueToTree(part);
  }

  private static <T> T convert(JsonNode json, Class<T> type, String root) {
    try {
      return MAPPER.treeToValue(json, type);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(
          "workflow " + root + ": " + path(e) + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("workflow " + root + ": " + e.getMessage(), e);
    }
  }

  /** The field an error is about, e.g. {@code enrichment.targetGroups[0].arn}. */
  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.isEmpty() ? "(top level)" : "field " + out;
  }

  /** A mode in any case, as triage writes it or a human types it. */
  private static final class ModeDeserializer extends JsonDeserializer<Mode> {
    @Override
    public Mode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      try {
        return Mode.parse(p.getValueAsString());
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }

  /**
   * {@code plan.action}: {@code {type, risk, reversible, title, undo, params{...}}}, the params
   * being the action record's components. Risk, reversible and title are written for people and the
   * alert; reading takes them from the type.
   */
  private static final class PlannedActionSerializer extends JsonSerializer<PlannedAction> {
    @Override
    public void serialize(PlannedAction a, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      g.writeStartObject();
      g.writeStringField("type", a.type().name());
      g.writeStringField("risk", a.risk().name());
      g.writeBooleanField("reversible", a.reversible());
      g.writeStringField("title", a.title());
      g.writeStringField("undo", a.undo());
      g.writeFieldName("params");
      provider.defaultSerializeValue(a.action(), g);
      g.writeEndObject();
    }
  }

  private static final class PlannedActionDeserializer extends JsonDeserializer<PlannedAction> {
    @Override
    public PlannedAction deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode json = ctxt.readTree(p);
      String name = json.path("type").asText();
      ActionType type;
      try {
        type = ActionType.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.wrapWithPath(
            JsonMappingException.from(p, "'" + name + "' is not an action type"), json, "type");
      }
      Class<? extends RemediationAction> record =
          RemediationAction.recordOf(type)
              .orElseThrow(
                  () ->
                      JsonMappingException.wrapWithPath(
                          JsonMappingException.from(
                              p, type + " is not applied by the remediation workflow"),
                          json,
                          "type"));
      if (!json.path("params").isObject()) {
        throw JsonMappingException.wrapWithPath(
            JsonMappingException.from(p, "missing, or not an object"), json, "params");
      }
      if (!json.path("undo").isTextual()) {
        throw JsonMappingException.wrapWithPath(
            JsonMappingException.from(p, "missing, or not a string"), json, "undo");
      }
      RemediationAction action;
      try {
        action = ctxt.readTreeAsValue(json.get("params"), record);
      } catch (JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, json, "params");
      }
      return new PlannedAction(action, json.get("undo").asText());
    }
  }

  /** A deep check as the CLI prints it in JSON (with its verdict and summary). */
  private static final class CheckReportSerializer extends JsonSerializer<CheckReport> {
    @Override
    public void serialize(CheckReport r, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      g.writeTree(r.toJson());
    }
  }

  private static final class CheckReportDeserializer extends JsonDeserializer<CheckReport> {
    @Override
    public CheckReport deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      try {
        return CheckReport.fromJson(ctxt.readTree(p));
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }
}
