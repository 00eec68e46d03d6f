package io.ecsmedic.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.model.ResourceRef;
import java.util.List;

/**
 * A parsed, validated input, ready to classify.
 *
 * @param kind what it is
 * @param eventId the EventBridge id, or null for a message
 * @param resource what it is about
 * @param texts the free-text fields text signatures read
 * @param matchDocument what structured signatures (event-ruler patterns) match against: {@code
 *     detail-type}, {@code source} and {@code detail} as the event gave them, plus {@code medic},
 *     the derived facts documented in docs/signatures.md
 * @param notes what the input lacked that the diagnosis did not need (e.g. a task event without
 *     taskArn): said in the finding's evidence, never a reason to reject the input
 */
public record EcsInput(
    InputKind kind,
    String eventId,
    ResourceRef resource,
    List<TextField> texts,
    ObjectNode matchDocument,
    List<Note> notes) {

  /** One thing the input lacked, at its JSON path. */
  public record Note(String path, String text) {}

  public EcsInput {
    texts = List.copyOf(texts);
    notes = List.copyOf(notes);
  }

  public EcsInput(
      InputKind kind,
      String eventId,
      ResourceRef resource,
      List<TextField> texts,
      ObjectNode matchDocument) {
    this(kind, eventId, resource, texts, matchDocument, List.of());
  }

  /** The derived facts block ({@code medic}) of the match document. */
  public JsonNode facts() {
    return matchDocument.path("medic");
  }
}
