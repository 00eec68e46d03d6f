package io.ecsmedic.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ResourceRef;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one JSON document into an {@link EcsInput}: validates it, extracts what it is about,
 * collects its free-text fields and derives the facts that structured signatures match on.
 *
 * <p>The derived facts ({@code medic.*}) are the only interpretation done in code; everything that
 * decides a category lives in the signature catalogue. They are documented in docs/signatures.md.
 */
public final class InputParser {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The field of a task event holding its container's last log lines, and the fact saying so. */
  public static final String LOG_TAIL = "logTail";

  /** A requested stop: the scheduler, a user or Spot asked the task to stop (SIGTERM was sent). */
  private static final List<String> REQUESTED_STOP_CODES =
      List.of(
          "UserInitiated", "ServiceSchedulerInitiated", "SpotInterruption", "TerminationNotice");

  private static final List<String> REQUESTED_STOP_PHRASES =
      List.of(
          "scaling activity initiated by",
          "task stopped by user",
          "stopped by user",
          "performing maintenance on the underlying infrastructure",
          "spot task was interrupted");

  private static final List<String> OOM_PHRASES =
      List.of(
          "outofmemoryerror",
          "killed due to memory usage",
          "oomkilled",
          "oom-kill",
          "oom killer",
          "out of memory",
          "not enough memory");

  /** JVM launchers read these; only the names are looked at, never the values. */
  private static final List<String> JVM_OPTION_VARIABLES =
      List.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");

  private static final Pattern JVM_IMAGE =
      Pattern.compile(
          "java|jdk|jre|corretto|temurin|openjdk|zulu|graalvm", Pattern.CASE_INSENSITIVE);
  private static final Pattern DEPLOYMENT_IN_REASON =
      Pattern.compile("\\(deployment (ecs-svc/\\d++)\\)", Pattern.CASE_INSENSITIVE);

  // Every pattern below reads untrusted text of any length, so each is written to run in linear
  // time: possessive quantifiers wherever a repetition is followed by something it could also
  // match (InputParserTest runs each against hostile inputs and counts the characters read).

  /**
   * "exit code 139", "Exit Code: 1", "exitCode": 2, "exit status 1", "exited with code 3", "Exited
   * (137)", "ExitCode=1".
   */
  private static final Pattern EXIT_CODE_IN_TEXT =
      Pattern.compile(
          "(?:exit[ _-]?code|exit[ _-]?status|exit(?:s|ed) with (?:exit )?(?:code|status)|exit(?:s|ed) with|exited|\\bexit(?=\\()|\\bwith (?:exit )?code:?)"
              + "\"?+\\s*+[:=]?+\\s*+\\(?+\"?+(\\d{1,3}+)(?!\\d|\\.\\d)",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SERVICE_IN_TEXT =
      Pattern.compile(
          "(?:\\(service ([A-Za-z0-9_.-]++)\\)|service \\(([A-Za-z0-9_.-]++)\\)|\\bservice:([A-Za-z0-9_.-]++)"
              + "|:service/[A-Za-z0-9_.-]++/([A-Za-z0-9_.-]++)"
              + "|\\bservice ([A-Za-z0-9_.-]++) (?:\\((?:task|port|deployment|instance)|was unable|has |is unable))");
  private static final Pattern TASK_DEF_IN_TEXT =
      Pattern.compile("task-definition/([A-Za-z0-9_-]++:\\d++)");
  private static final Pattern CLUSTER_IN_TEXT = Pattern.compile(":cluster/([A-Za-z0-9_-]++)");
  private static final Pattern TARGET_GROUP_IN_TEXT =
      Pattern.compile("targetgroup/([A-Za-z0-9_-]++)/[0-9a-f]++");

  /** "137 exit code", "139 status code". */
  private static final Pattern CODE_BEFORE_EXIT =
      Pattern.compile("\\b(\\d{1,3}+) (?:exit|status) code", Pattern.CASE_INSENSITIVE);

  /** "killed with error code 139": only read as an exit code in the 0-255 range. */
  private static final Pattern ERROR_CODE =
      Pattern.compile("\\berror code:?+ ?+(\\d{1,3}+)(?!\\d)", Pattern.CASE_INSENSITIVE);

  /** The first exit code a text states, or null; a process can only return 0-255. */
  static Integer exitCodeIn(String text) {
    for (Pattern p : List.of(EXIT_CODE_IN_TEXT, CODE_BEFORE_EXIT, ERROR_CODE)) {
      Matcher m = p.matcher(text);
      if (m.find()) {
        int code = Integer.parseInt(m.group(1));
        if (code <= 255) {
          return code;
        }
      }
    }
    return null;
  }

  /** ECS's "No Fargate configuration exists for given values: 512 CPU, 8192 memory". */
  private static final Pattern FARGATE_VALUES_IN_TEXT =
      Pattern.compile("\\b(\\d{2,5}+) ?+cpu, ?+(\\d{2,6}+) ?+memory", Pattern.CASE_INSENSITIVE);

  /** The patterns that read free text, for the linear-time test. */
  static List<Pattern> textPatterns() {
    return List.of(
        EXIT_CODE_IN_TEXT,
        CODE_BEFORE_EXIT,
        ERROR_CODE,
        SERVICE_IN_TEXT,
        FARGATE_VALUES_IN_TEXT,
        TASK_DEF_IN_TEXT,
        CLUSTER_IN_TEXT,
        TARGET_GROUP_IN_TEXT,
        DEPLOYMENT_IN_REASON,
        JVM_IMAGE);
  }

  /** Parses and validates one JSON text that holds one input (an event or a message). */
  public EcsInput parse(String json) throws InvalidInputException {
    return parse(readJson(json));
  }

  /**
   * Parses one JSON text into every input it holds: one for an event or a message, one per stopped
   * task of {@code aws ecs describe-tasks} output, one per service of {@code describe-services}
   * output (see {@link DocumentShapes}).
   */
  public List<EcsInput> parseAll(String json) throws InvalidInputException {
    return parseAll(readJson(json));
  }

  /** {@link #parseAll(String)} for an already-parsed document. */
  public List<EcsInput> parseAll(JsonNode root) throws InvalidInputException {
    if (root.isObject() && !root.has("detail-type")) {
      List<EcsInput> shaped = DocumentShapes.read(this, root);
      if (shaped != null) {
        return shaped;
      }
    }
    return List.of(parse(root));
  }

  private static JsonNode readJson(String json) throws InvalidInputException {
    if (json.startsWith("\uFEFF")) { // a byte-order mark, as Windows editors write
      json = json.substring(1);
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("not valid JSON: " + e.getOriginalMessage() + locationOf(e));
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidInputException("not valid JSON: the input is empty");
    }
    return root;
  }

  /** Validates an already-parsed document that holds one input. */
  public EcsInput parse(JsonNode root) throws InvalidInputException {
    if (!root.isObject()) {
      throw new InvalidInputException(
          "expected a JSON object (an EventBridge event or {\"message\": ...}), got "
              + describe(root));
    }
    JsonNode detailType = root.get("detail-type");
    if (detailType == null) {
      if (root.has("message")) {
        return parseMessage(root.get("message"));
      }
      throw new InvalidInputException(
          "neither an EventBridge event (no \"detail-type\") nor a {\"message\": \"...\"} object"
              + " nor aws ecs describe-tasks / describe-services output");
    }
    String eventId = textOrNull(root.get("id"));
    if (!detailType.isTextual()) {
      throw new InvalidInputException(
          "field \"detail-type\" must be a string, got " + describe(detailType) + where(eventId));
    }
    InputKind kind =
        InputKind.ofDetailType(detailType.asText())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "unsupported detail-type \""
                            + clip(detailType.asText(), 80)
                            + "\""
                            + where(eventId)
                            + "; expected one of "
                            + String.join(", ", InputKind.eventDetailTypes())));
    JsonNode detail = root.get("detail");
    if (detail == null || !detail.isObject()) {
      throw new InvalidInputException(
          (detail == null ? "missing field \"detail\"" : "field \"detail\" must be an object")
              + " in "
              + kind.detailType()
              + " event"
              + where(eventId));
    }
    for (String field : kind.requiredFields()) {
      JsonNode value = at(root, field);
      if (value.isMissingNode()
          || value.isNull()
          || (value.isTextual() && value.asText().isBlank())) {
        throw new InvalidInputException(
            "missing field \"" + field + "\" in " + kind.detailType() + " event" + where(eventId));
      }
    }
    FieldTypes.check(kind, detail, eventId);
    return switch (kind) {
      case TASK_STATE_CHANGE -> parseTask(root, detail, eventId);
      case DEPLOYMENT_STATE_CHANGE, SERVICE_ACTION ->
          parseServiceEvent(kind, root, detail, eventId);
      case API_CALL -> parseApiCall(root, detail, eventId);
      case ALARM_STATE_CHANGE -> parseAlarm(root, detail, eventId);
      case MESSAGE -> throw new IllegalStateException("messages have no detail-type");
    };
  }

  private EcsInput parseMessage(JsonNode message) throws InvalidInputException {
    if (!message.isTextual()) {
      throw new InvalidInputException(
          "field \"message\" must be a string, got " + describe(message));
    }
    EcsInput pastedJson = DocumentShapes.pastedJson(this, message.asText());
    if (pastedJson != null) {
      return pastedJson;
    }
    String text = RelayedText.clean(message.asText());
    if (text.isBlank()) {
      throw new InvalidInputException("field \"message\" is empty");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    Matcher fargate = lower.contains("cpu,") ? FARGATE_VALUES_IN_TEXT.matcher(text) : null;
    boolean fargatePair = fargate != null && fargate.find();
    ObjectNode facts = NODES.objectNode();
    facts.put("kind", "message");
    Integer exitCode = lower.contains("exit") || lower.contains("code") ? exitCodeIn(text) : null;
    if (exitCode != null) {
      facts.put("exitCode", exitCode);
    }
    facts.put("oom", containsAny(lower, OOM_PHRASES));
    facts.put("stopRequested", containsAny(lower, REQUESTED_STOP_PHRASES));
    facts.put("essentialExited", lower.contains("essential container in task exited"));
    ResourceRef resource =
        new ResourceRef(
            null,
            null,
            // Each pattern runs only when its literal anchor occurs: a regex costs more than a
            // scan.
            lower.contains(":cluster/") ? firstGroup(CLUSTER_IN_TEXT, text) : null,
            lower.contains("service") ? firstGroup(SERVICE_IN_TEXT, text) : null,
            null,
            lower.contains("task-definition/") ? firstGroup(TASK_DEF_IN_TEXT, text) : null,
            null,
            fargatePair ? fargate.group(1) : null,
            fargatePair ? fargate.group(2) : null,
            null,
            lower.contains("targetgroup/") ? firstGroup(TARGET_GROUP_IN_TEXT, text) : null,
            null);
    ObjectNode doc = NODES.objectNode();
    doc.put("detail-type", InputKind.MESSAGE.detailType());
    doc.set("medic", facts);
    return new EcsInput(
        InputKind.MESSAGE, null, resource, List.of(new TextField("message", text)), doc);
  }

  private EcsInput parseTask(JsonNode root, JsonNode detail, String eventId) {
    List<TextField> texts = new ArrayList<>();
    addText(texts, "detail.stoppedReason", detail.get("stoppedReason"));
    addText(texts, "detail.stopCode", detail.get("stopCode"));
    JsonNode containers = detail.path("containers");
    for (int i = 0; i < containers.size(); i++) {
      addText(texts, "detail.containers[" + i + "].reason", containers.get(i).get("reason"));
    }

    String stopCode = textOrNull(detail.get("stopCode"));
    String stoppedReason = lower(textOrNull(detail.get("stoppedReason")));
    JsonNode culprit = culprit(containers);

    ObjectNode facts = NODES.objectNode();
    facts.put("kind", "task");
    if (culprit != null) {
      facts.put("container", textOrNull(culprit.get("name")));
      if (culprit.path("exitCode").canConvertToInt()) {
        facts.put("exitCode", culprit.path("exitCode").asInt());
      }
    }
    facts.put("oom", anyContainerOom(containers));
    facts.put(
        "stopRequested",
        (stopCode != null && REQUESTED_STOP_CODES.contains(stopCode))
            || containsAny(stoppedReason, REQUESTED_STOP_PHRASES));
    facts.put(
        "essentialExited",
        "EssentialContainerExited".equals(stopCode)
            || stoppedReason.contains("essential container in task exited"));
    Duration gap = between(detail.get("stoppingAt"), detail.get("stoppedAt"));
    if (gap != null) {
      facts.put("stopGapSeconds", gap.toMillis() / 1000.0);
    }
    facts.put("containerCount", containers.size());
    if (culprit != null) {
      // A container without its own hard limit is bounded by the task's memory.
      facts.put("containerMemoryLimit", culprit.hasNonNull("memory"));
    }
    facts.put("jvm", looksLikeJvm(culprit, detail.path("overrides")));
    if (addLogTail(texts, root.get(LOG_TAIL))) {
      facts.put(LOG_TAIL, true);
    }
    Matcher stopper = DEPLOYMENT_IN_REASON.matcher(stoppedReason);
    String startedBy = textOrNull(detail.get("startedBy"));
    if (stopper.find() && startedBy != null) {
      facts.put("stoppedByOtherDeployment", !startedBy.equalsIgnoreCase(stopper.group(1)));
    }

    String group = textOrNull(detail.get("group"));
    ResourceRef resource =
        new ResourceRef(
            textOrNull(root.get("account")),
            textOrNull(root.get("region")),
            lastSegment(textOrNull(detail.get("clusterArn"))),
            group != null && group.startsWith("service:") ? group.substring(8) : null,
            lastSegment(textOrNull(detail.get("taskArn"))),
            lastSegment(textOrNull(detail.get("taskDefinitionArn"))),
            culprit == null ? null : textOrNull(culprit.get("name")),
            textOrNull(detail.get("cpu")),
            textOrNull(detail.get("memory")),
            textOrNull(detail.get("launchType")),
            null,
            null);
    List<EcsInput.Note> notes = new ArrayList<>();
    if (resource.task() == null) {
      notes.add(new EcsInput.Note("detail.taskArn", "absent: the finding cannot name the task"));
    }
    if (textOrNull(detail.get("lastStatus")) == null) {
      notes.add(new EcsInput.Note("detail.lastStatus", "absent: read as a stopped task"));
    }
    return new EcsInput(
        InputKind.TASK_STATE_CHANGE,
        eventId,
        resource,
        texts,
        matchDocument(root, detail, facts),
        notes);
  }

  private EcsInput parseServiceEvent(
      InputKind kind, JsonNode root, JsonNode detail, String eventId) {
    List<TextField> texts = new ArrayList<>();
    addText(texts, "detail.eventName", detail.get("eventName"));
    addText(texts, "detail.reason", detail.get("reason"));
    ObjectNode facts = NODES.objectNode();
    facts.put("kind", kind == InputKind.SERVICE_ACTION ? "service-action" : "deployment");
    String serviceArn = firstArnOf(root.path("resources"), ":service/");
    String clusterArn = textOrNull(detail.get("clusterArn"));
    ResourceRef resource =
        ResourceRef.service(
            textOrNull(root.get("account")),
            textOrNull(root.get("region")),
            clusterArn != null ? lastSegment(clusterArn) : clusterOfServiceArn(serviceArn),
            lastSegment(serviceArn));
    return new EcsInput(kind, eventId, resource, texts, matchDocument(root, detail, facts));
  }

  private EcsInput parseApiCall(JsonNode root, JsonNode detail, String eventId) {
    List<TextField> texts = new ArrayList<>();
    addText(texts, "detail.errorCode", detail.get("errorCode"));
    addText(texts, "detail.errorMessage", detail.get("errorMessage"));
    ObjectNode facts = NODES.objectNode();
    facts.put("kind", "api-call");
    facts.put("failed", detail.hasNonNull("errorCode") || detail.hasNonNull("errorMessage"));
    JsonNode request = detail.path("requestParameters");
    String taskDefinition =
        firstNonNull(textOrNull(request.get("taskDefinition")), textOrNull(request.get("family")));
    ResourceRef resource =
        new ResourceRef(
            firstNonNull(
                textOrNull(root.get("account")),
                textOrNull(detail.path("userIdentity").get("accountId"))),
            firstNonNull(textOrNull(root.get("region")), textOrNull(detail.get("awsRegion"))),
            lastSegment(textOrNull(request.get("cluster"))),
            lastSegment(
                firstNonNull(
                    textOrNull(request.get("service")), textOrNull(request.get("serviceName")))),
            lastSegment(textOrNull(request.get("task"))),
            lastSegment(taskDefinition),
            textOrNull(request.get("container")),
            textOrNull(request.get("cpu")),
            textOrNull(request.get("memory")),
            textOrNull(request.get("launchType")),
            null,
            null);
    return new EcsInput(
        InputKind.API_CALL, eventId, resource, texts, matchDocument(root, detail, facts));
  }

  private EcsInput parseAlarm(JsonNode root, JsonNode detail, String eventId) {
    List<TextField> texts = new ArrayList<>();
    String targetGroup = null;
    String loadBalancer = null;
    JsonNode metrics = detail.path("configuration").path("metrics");
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode metric = metrics.get(i).path("metricStat").path("metric");
      addText(
          texts,
          "detail.configuration.metrics[" + i + "].metricStat.metric.name",
          metric.get("name"));
      JsonNode dimensions = metric.path("dimensions");
      targetGroup = firstNonNull(targetGroup, textOrNull(dimensions.get("TargetGroup")));
      loadBalancer = firstNonNull(loadBalancer, textOrNull(dimensions.get("LoadBalancer")));
    }
    ObjectNode facts = NODES.objectNode();
    facts.put("kind", "alarm");
    String account = textOrNull(root.get("account"));
    String region = textOrNull(root.get("region"));
    // CloudWatch dimensions name "targetgroup/<name>/<id>"; commands need the full ARN.
    if (targetGroup != null
        && targetGroup.startsWith("targetgroup/")
        && account != null
        && region != null) {
      targetGroup = "arn:aws:elasticloadbalancing:" + region + ":" + account + ":" + targetGroup;
    }
    ResourceRef resource = ResourceRef.targetGroup(account, region, targetGroup, loadBalancer);
    return new EcsInput(
        InputKind.ALARM_STATE_CHANGE, eventId, resource, texts, matchDocument(root, detail, facts));
  }

  /**
   * The container that explains the stop: the one with OOM evidence, else one that exited non-zero
   * by itself (not 137, which a healthy sidecar gets when its task is torn down), else a 137, else
   * any that ran, else the first.
   */
  static JsonNode culprit(JsonNode containers) {
    JsonNode exited137 = null;
    JsonNode ran = null;
    for (JsonNode c : containers) {
      if (containsAny(lower(textOrNull(c.get("reason"))), OOM_PHRASES)) {
        return c;
      }
    }
    for (JsonNode c : containers) {
      if (!c.path("exitCode").canConvertToInt()) {
        continue;
      }
      int code = c.path("exitCode").asInt();
      if (code != 0 && code != 137) {
        return c;
      }
      if (code == 137 && exited137 == null) {
        exited137 = c;
      }
      if (ran == null) {
        ran = c;
      }
    }
    if (exited137 != null) {
      return exited137;
    }
    if (ran != null) {
      return ran;
    }
    return containers.size() > 0 ? containers.get(0) : null;
  }

  /**
   * Whether the culprit runs a JVM: a JVM options variable in its overrides (by name only) or a JVM
   * base image in its image name.
   */
  private static boolean looksLikeJvm(JsonNode culprit, JsonNode overrides) {
    if (culprit == null) {
      return false;
    }
    String image = textOrNull(culprit.get("image"));
    if (image != null && JVM_IMAGE.matcher(image).find()) {
      return true;
    }
    String name = textOrNull(culprit.get("name"));
    for (JsonNode override : overrides.path("containerOverrides")) {
      if (name != null && !name.equals(textOrNull(override.get("name")))) {
        continue;
      }
      for (JsonNode variable : override.path("environment")) {
        if (JVM_OPTION_VARIABLES.contains(String.valueOf(textOrNull(variable.get("name"))))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean anyContainerOom(JsonNode containers) {
    for (JsonNode c : containers) {
      if (containsAny(lower(textOrNull(c.get("reason"))), OOM_PHRASES)) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode matchDocument(JsonNode root, JsonNode detail, ObjectNode facts) {
    ObjectNode doc = NODES.objectNode();
    doc.set("detail-type", root.get("detail-type"));
    if (root.has("source")) {
      doc.set("source", root.get("source"));
    }
    doc.set("detail", detail);
    doc.set("medic", facts);
    return doc;
  }

  private static Duration between(JsonNode from, JsonNode to) {
    Long start = epochMillis(from);
    Long end = epochMillis(to);
    if (start == null || end == null || end < start) {
      return null;
    }
    return Duration.ofMillis(end - start);
  }

  /** An ISO-8601 text, or epoch seconds as the AWS CLI prints them with some output settings. */
  private static Long epochMillis(JsonNode node) {
    if (node != null && node.isNumber()) {
      return Math.round(node.asDouble() * 1000);
    }
    return epochMillis(textOrNull(node));
  }

  /**
   * ECS timestamps in UTC ({@code 2024-03-01T12:00:31.123Z}) read without java.time's general
   * parser, which was an eighth of the CLI's time per line; any other form falls back to it.
   */
  static Long epochMillis(String text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    if (n >= 20
        && text.charAt(n - 1) == 'Z'
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':') {
      try {
        int millis = 0;
        if (n > 20 && text.charAt(19) == '.') {
          String fraction = (text.substring(20, n - 1) + "000").substring(0, 3);
          millis = Integer.parseInt(fraction);
        } else if (n != 20) {
          return fallback(text);
        }
        long seconds =
            java.time.LocalDateTime.of(
                    Integer.parseInt(text, 0, 4, 10),
                    Integer.parseInt(text, 5, 7, 10),
                    Integer.parseInt(text, 8, 10, 10),
                    Integer.parseInt(text, 11, 13, 10),
                    Integer.parseInt(text, 14, 16, 10),
                    Integer.parseInt(text, 17, 19, 10))
                .toEpochSecond(java.time.ZoneOffset.UTC);
        return seconds * 1000 + millis;
      } catch (NumberFormatException | java.time.DateTimeException e) {
        return fallback(text);
      }
    }
    return fallback(text);
  }

  private static Long fallback(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The container's last log lines beside a task event ({@code "logTail": ["…", …]}, newest last),
   * as triage attaches them for the second-stage diagnosis; each line is a text field {@code
   * logTail[i]} and the fact {@code medic.logTail} says they are there.
   *
   * @return whether any line was read
   */
  private static boolean addLogTail(List<TextField> texts, JsonNode tail) {
    if (tail == null || !tail.isArray()) {
      return false;
    }
    int before = texts.size();
    for (int i = 0; i < tail.size(); i++) {
      addText(texts, LOG_TAIL + "[" + i + "]", tail.get(i));
    }
    return texts.size() > before;
  }

  private static void addText(List<TextField> texts, String path, JsonNode node) {
    String text = textOrNull(node);
    if (text != null && !text.isBlank()) {
      texts.add(new TextField(path, RelayedText.clean(text)));
    }
  }

  /** Follows a dotted path such as {@code detail.state.value}. */
  static JsonNode at(JsonNode root, String dottedPath) {
    JsonNode node = root;
    for (String part : dottedPath.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  private static String firstArnOf(JsonNode array, String marker) {
    for (JsonNode n : array) {
      String s = textOrNull(n);
      if (s != null && s.contains(marker)) {
        return s;
      }
    }
    return null;
  }

  /** {@code arn:aws:ecs:r:a:service/cluster/name} → cluster; the old form without it → null. */
  private static String clusterOfServiceArn(String serviceArn) {
    if (serviceArn == null) {
      return null;
    }
    String[] parts = serviceArn.substring(serviceArn.indexOf(":service/") + 9).split("/");
    return parts.length == 2 ? parts[0] : null;
  }

  static String lastSegment(String arnOrName) {
    if (arnOrName == null) {
      return null;
    }
    int slash = arnOrName.lastIndexOf('/');
    return slash >= 0 ? arnOrName.substring(slash + 1) : arnOrName;
  }

  private static String firstGroup(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return null;
    }
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.group(g) != null) {
        return m.group(g);
      }
    }
    return null;
  }

  private static boolean containsAny(String lower, List<String> phrases) {
    for (String p : phrases) {
      if (lower.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  static String textOrNull(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
      return null;
    }
    return node.asText();
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  static String where(String eventId) {
    return eventId == null ? "" : " (event id " + clip(eventId, 80) + ")";
  }

  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case OBJECT -> "an object";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (at line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
