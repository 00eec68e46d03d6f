package io.ecsmedic.posture;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the Allow statements of an IAM policy document that grant {@code *} or {@code service:*}
 * (the role-wildcards rule's inline half). A document that cannot be parsed is reported as such,
 * never as "no wildcard".
 */
public final class PolicyWildcards {
  private PolicyWildcards() {}

  /**
   * @return {@code policyName: action} for each wildcard action allowed; null when the document is
   *     not JSON
   */
  public static List<String> find(String policyName, String document) {
    JsonNode doc;
    try {
      doc = Json.MAPPER.readTree(document);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
    List<String> out = new ArrayList<>();
    JsonNode statements = doc.path("Statement");
    for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
      if (!"Allow".equals(s.path("Effect").asText())) {
        continue;
      }
      JsonNode actions = s.path("Action");
      for (JsonNode a : actions.isArray() ? actions : List.of(actions)) {
        String action = a.asText();
        if ("*".equals(action) || action.endsWith(":*")) {
          out.add(policyName + ": " + action);
        }
      }
    }
    return out;
  }
}
