package io.ecsmedic.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.model.Alternative;
import io.ecsmedic.model.Evidence;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ProposedAction;
import io.ecsmedic.model.ResourceRef;
import java.util.Map;

/**
 * The JSON form of a finding: the contract keys of docs/taxonomy.md first ({@code category,
 * subcause, signatureId, summary, evidence, actions, confidence, alternatives}), then {@code
 * runbook}, {@code resource}, {@code fingerprint}, the event id and, for UNKNOWN, {@code raw}.
 * Consumers may rely on the contract keys; the rest may grow.
 */
public final class FindingJson {
  private FindingJson() {}

  /** Reads back the {@code resource} object {@link #toJson} wrote; absent keys are null. */
  public static ResourceRef resource(JsonNode resource) {
    java.util.function.Function<String, String> text =
        k -> resource.hasNonNull(k) ? resource.get(k).asText() : null;
    return new ResourceRef(
        text.apply("account"),
        text.apply("region"),
        text.apply("cluster"),
        text.apply("service"),
        text.apply("task"),
        text.apply("taskDefinition"),
        text.apply("container"),
        text.apply("cpu"),
        text.apply("memory"),
        text.apply("launchType"),
        text.apply("targetGroup"),
        text.apply("loadBalancer"));
  }

  public static ObjectNode toJson(Finding f) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("category", f.category().name());
    o.put("subcause", f.subcause());
    o.put("signatureId", f.signatureId());
    o.put("summary", f.summary());
    ArrayNode evidence = o.putArray("evidence");
    for (Evidence e : f.evidence()) {
      evidence.addObject().put("field", e.field()).put("value", e.value()).put("rule", e.rule());
    }
    ArrayNode actions = o.putArray("actions");
    for (ProposedAction a : f.actions()) {
      ObjectNode action =
          actions
              .addObject()
              .put("type", a.type().name())
              .put("risk", a.risk().name())
              .put("reversible", a.reversible())
              .put("automatable", a.type().automatable())
              .put("title", a.title());
      if (a.command() != null) {
        action.put("command", a.command());
      }
      if (a.snippet() != null) {
        action.put("snippet", a.snippet());
      }
    }
    o.put("confidence", f.confidence().json());
    ArrayNode alternatives = o.putArray("alternatives");
    for (Alternative a : f.alternatives()) {
      alternatives
          .addObject()
          .put("category", a.category().name())
          .put("subcause", a.subcause())
          .put("why", a.why());
    }
    o.put("runbook", f.runbook());
    ObjectNode resource = o.putObject("resource");
    for (Map.Entry<String, String> e : f.resource().asMap().entrySet()) {
      resource.put(e.getKey(), e.getValue());
    }
    o.put("fingerprint", f.fingerprint());
    o.put("paged", f.category().pages());
    o.put("detailType", f.detailType());
    if (f.eventId() != null) {
      o.put("eventId", f.eventId());
    }
    if (f.raw() != null) {
      o.put("raw", f.raw());
    }
    return o;
  }

  /** The error line of the classify contract: {@code {"error": "...", "line": N}}. */
  public static ObjectNode error(String message, long line) {
    return Json.MAPPER.createObjectNode().put("error", message).put("line", line);
  }
}
