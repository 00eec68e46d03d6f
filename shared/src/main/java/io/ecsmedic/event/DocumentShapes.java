package io.ecsmedic.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON an engineer holds that is not an EventBridge event, read as the event it stands for:
 *
 * <ul>
 *   <li>{@code aws ecs describe-tasks} output ({@code {"tasks": [...]}}): one input per stopped
 *       task, as the Task State Change event ECS sent for it (all tasks when none has stopped);
 *   <li>one task object as the console or the API shows it ({@code taskArn}, {@code stoppedReason},
 *       {@code containers}): one input;
 *   <li>{@code aws ecs describe-services} output ({@code {"services": [...]}}) or one service: one
 *       input per service whose texts are its deployments' rollout reasons and its events since the
 *       last steady state, newest first;
 *   <li>the {@code detail} of a deployment or service event ({@code eventName}, {@code eventType}):
 *       one input; an event without its {@code detail-type} is read by its detail;
 *   <li>a {@code {"message": ...}} whose text is itself one of these JSON documents, as a tool
 *       relays it: read as that document.
 * </ul>
 */
final class DocumentShapes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Service events to read, newest first: enough for a deployment's story, bounded. */
  private static final int MAX_SERVICE_EVENTS = 25;

  private DocumentShapes() {}

  /** The inputs a non-event document holds, or null when it is none of the shapes above. */
  static List<EcsInput> read(InputParser parser, JsonNode root) throws InvalidInputException {
    if (root.has("message")) {
      return null; // a pasted message, read by the parser
    }
    if (root.get("tasks") instanceof ArrayNode tasks) {
      return tasks(parser, tasks);
    }
    if (root.get("services") instanceof ArrayNode services) {
      return services(parser, services);
    }
    if (looksLikeTask(root)) {
      return List.of(task(parser, root, "task"));
    }
    if (root.get("detail") instanceof ObjectNode detail) {
      // An event whose detail-type was lost on the way (a log line, a gist): its detail says.
      List<EcsInput> inner = read(parser, detail);
      if (inner != null) {
        return inner;
      }
    }
    if (root.get("events") instanceof ArrayNode && root.has("serviceName")) {
      return List.of(service(parser, root, "service"));
    }
    if (root.path("eventName").isTextual()
        && (root.has("eventType") || root.has("deploymentId") || root.has("reason"))) {
      return List.of(serviceEvent(parser, root));
    }
    return null;
  }

  /**
   * A message whose whole text is a JSON document of an accepted shape, read as that document; null
   * when the text is not JSON or not such a document (it is then read as text).
   */
  static EcsInput pastedJson(InputParser parser, String text) {
    String t = text.strip();
    if (t.length() < 2 || t.charAt(0) != '{' || t.charAt(t.length() - 1) != '}') {
      return null;
    }
    try {
      JsonNode inner = Json.MAPPER.readTree(t);
      if (inner == null || !inner.isObject() || inner.has("message")) {
        return null; // a nested message: read the outer text as it is
      }
      List<EcsInput> inputs = parser.parseAll(inner);
      return inputs.isEmpty() ? null : inputs.getFirst();
    } catch (InvalidInputException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return null; // not a document we read: the text itself is the input
    }
  }

  private static boolean looksLikeTask(JsonNode root) {
    return root.path("taskArn").isTextual()
        || root.path("stoppedReason").isTextual()
        || (root.get("containers") instanceof ArrayNode && root.has("lastStatus"));
  }

  private static List<EcsInput> tasks(InputParser parser, ArrayNode tasks)
      throws InvalidInputException {
    List<EcsInput> all = new ArrayList<>();
    List<EcsInput> stopped = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      JsonNode t = tasks.get(i);
      if (!t.isObject()) {
        throw new InvalidInputException(
            "field \"tasks[" + i + "]\" must be an object, got " + InputParser.describe(t));
      }
      EcsInput input = task(parser, t, "tasks[" + i + "]");
      all.add(input);
      if ("STOPPED".equalsIgnoreCase(t.path("lastStatus").asText())) {
        stopped.add(input);
      }
    }
    if (all.isEmpty()) {
      throw new InvalidInputException(
          "describe-tasks output with no tasks (\"tasks\": []); its \"failures\" name tasks ECS"
              + " no longer returns (stopped tasks are kept about an hour)");
    }
    return stopped.isEmpty() ? all : stopped;
  }

  /** One task object as the Task State Change event ECS sends for it. */
  private static EcsInput task(InputParser parser, JsonNode task, String path)
      throws InvalidInputException {
    FieldTypes.checkTask(task, path, null);
    ObjectNode event = NODES.objectNode();
    event.put("detail-type", InputKind.TASK_STATE_CHANGE.detailType());
    event.put("source", "aws.ecs");
    String arn = InputParser.textOrNull(task.get("taskArn"));
    putArnParts(event, arn != null ? arn : InputParser.textOrNull(task.get("clusterArn")));
    event.set("detail", task);
    return parser.parse(event);
  }

  private static List<EcsInput> services(InputParser parser, ArrayNode services)
      throws InvalidInputException {
    List<EcsInput> out = new ArrayList<>();
    for (int i = 0; i < services.size(); i++) {
      JsonNode s = services.get(i);
      if (!s.isObject()) {
        throw new InvalidInputException(
            "field \"services[" + i + "]\" must be an object, got " + InputParser.describe(s));
      }
      out.add(service(parser, s, "services[" + i + "]"));
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("describe-services output with no services");
    }
    return out;
  }

  /**
   * A service's story as one input: its deployments' rollout reasons, then its events newest first
   * back to (not past) the last steady state; a service whose newest event is a steady state is
   * that event alone. The catalogue's priorities then pick the failure over the routine.
   */
  private static EcsInput service(InputParser parser, JsonNode service, String path)
      throws InvalidInputException {
    List<TextField> texts = new ArrayList<>();
    JsonNode deployments = service.path("deployments");
    for (int i = 0; i < deployments.size(); i++) {
      JsonNode reason = deployments.get(i).get("rolloutStateReason");
      if (reason != null && reason.isTextual() && !reason.asText().isBlank()) {
        texts.add(
            new TextField(
                path + ".deployments[" + i + "].rolloutStateReason",
                RelayedText.clean(reason.asText())));
      }
    }
    JsonNode events = service.path("events");
    for (int i = 0; i < events.size() && i < MAX_SERVICE_EVENTS; i++) {
      JsonNode message = events.get(i).get("message");
      if (message == null || !message.isTextual()) {
        continue;
      }
      String text = RelayedText.clean(message.asText());
      boolean steady = text.toLowerCase(Locale.ROOT).contains("reached a steady state");
      if (steady && i > 0) {
        break; // older events tell of a deployment that has since settled
      }
      texts.add(new TextField(path + ".events[" + i + "].message", text));
      if (steady) {
        break;
      }
    }
    if (texts.isEmpty()) {
      throw new InvalidInputException(
          "field \"" + path + ".events\" holds no event messages to diagnose");
    }
    EcsInput base = parser.parse(messageOf(texts.getFirst().value()));
    String clusterArn = InputParser.textOrNull(service.get("clusterArn"));
    String serviceArn = InputParser.textOrNull(service.get("serviceArn"));
    ResourceRef resource =
        ResourceRef.service(
            arnPart(serviceArn != null ? serviceArn : clusterArn, 4),
            arnPart(serviceArn != null ? serviceArn : clusterArn, 3),
            InputParser.lastSegment(clusterArn),
            InputParser.textOrNull(service.get("serviceName")));
    return new EcsInput(InputKind.MESSAGE, null, resource, texts, base.matchDocument(), List.of());
  }

  private static EcsInput serviceEvent(InputParser parser, JsonNode detail)
      throws InvalidInputException {
    String name = detail.path("eventName").asText();
    InputKind kind =
        name.startsWith("SERVICE_DEPLOYMENT_")
            ? InputKind.DEPLOYMENT_STATE_CHANGE
            : InputKind.SERVICE_ACTION;
    ObjectNode event = NODES.objectNode();
    event.put("detail-type", kind.detailType());
    event.put("source", "aws.ecs");
    event.set("detail", detail);
    return parser.parse(event);
  }

  private static ObjectNode messageOf(String text) {
    ObjectNode o = NODES.objectNode();
    o.put("message", text);
    return o;
  }

  private static void putArnParts(ObjectNode event, String arn) {
    String region = arnPart(arn, 3);
    String account = arnPart(arn, 4);
    if (region != null) {
      event.put("region", region);
    }
    if (account != null) {
      event.put("account", account);
    }
  }

  /** {@code arn:aws:ecs:REGION:ACCOUNT:...}: part 3 is the region, part 4 the account. */
  private static String arnPart(String arn, int index) {
    if (arn == null || !arn.startsWith("arn:")) {
      return null;
    }
    String[] parts = arn.split(":", 6);
    return parts.length > index && !parts[index].isEmpty() ? parts[index] : null;
  }
}
