package io.ecsmedic.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields the catalogue's patterns can look at, as a tree of keys. Matching a projected document
 * instead of the whole event keeps event-ruler's work proportional to what the patterns use, not to
 * the size of the event (task events carry attachments, network interfaces, overrides...). Fields
 * outside the tree cannot change any pattern's outcome, so the result is the same.
 */
final class Projection {
  private final Map<String, Projection> children = new LinkedHashMap<>();

  /** Adds every field path of an EventBridge pattern ({@code $or} branches included). */
  void add(JsonNode pattern) {
    for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("$or")) {
        for (JsonNode branch : e.getValue()) {
          add(branch);
        }
      } else if (e.getValue().isObject()) {
        children.computeIfAbsent(e.getKey(), k -> new Projection()).add(e.getValue());
      } else {
        children.computeIfAbsent(e.getKey(), k -> new Projection());
      }
    }
  }

  /** The document restricted to the tree; arrays are projected element by element. */
  JsonNode apply(JsonNode node) {
    if (children.isEmpty()) {
      return node;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
      for (JsonNode element : node) {
        out.add(apply(element));
      }
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, Projection> child : children.entrySet()) {
      JsonNode value = node.get(child.getKey());
      if (value != null) {
        out.set(child.getKey(), child.getValue().apply(value));
      }
    }
    return out;
  }
}
