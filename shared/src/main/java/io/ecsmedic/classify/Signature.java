package io.ecsmedic.classify;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Confidence;
import java.util.List;
import java.util.Objects;

/**
 * One known failure, as data (shared/src/main/resources/signatures/&lt;CATEGORY&gt;.json).
 *
 * <p>A signature fires when its {@code when} pattern (EventBridge syntax, matched by event-ruler on
 * the input's match document) and its {@code text} rule both hold; either may be absent, not both.
 * Among the signatures that fire, the highest {@code priority} wins (ties: the smaller id), which
 * is how root cause beats surface: specific root causes sit at 80–95, generic families at 40–60,
 * exit-code fallbacks lowest.
 *
 * @param id stable, unique, never reused: alerts, metrics and audit records carry it
 * @param summary one line with placeholders ({service}, {container}, {exitCode}, ...)
 * @param fix what a human does, with placeholders; becomes a MANUAL action
 * @param snippet exact IAM policy / task-definition / IaC text for the fix; may be null
 * @param actions typed actions the workflow can apply
 * @param confidence HIGH for a specific phrase or pattern; MEDIUM for a generic one (an exit code
 *     with no reason) that is right more often than not but may hide a more specific cause
 */
public record Signature(
    String id,
    Category category,
    String subcause,
    int priority,
    String summary,
    JsonNode when,
    TextRule text,
    String fix,
    String snippet,
    List<ActionType> actions,
    Confidence confidence) {

  public Signature {
    Objects.requireNonNull(confidence, "confidence");
    if (confidence == Confidence.LOW) {
      throw new IllegalArgumentException(id + ": a signature is high or medium confidence");
    }
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(subcause, "subcause");
    Objects.requireNonNull(summary, "summary");
    actions = List.copyOf(actions);
    if (when == null && text == null) {
      throw new IllegalArgumentException(id + ": needs a \"when\" pattern or a \"text\" rule");
    }
    if (!category.allows(subcause)) {
      throw new IllegalArgumentException(
          id + ": " + category + " has no sub-cause " + subcause + "; see docs/taxonomy.md");
    }
  }

  /**
   * Whether it reads the container's last log lines ({@code medic.logTail}): a second-stage
   * signature, which only an input carrying those lines can fire, and whose words do not feed the
   * fallback guess of inputs without them.
   */
  public boolean readsLogs() {
    return when != null && when.path("medic").has("logTail");
  }
}
