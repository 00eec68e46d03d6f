package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.event.ruler.Machine;

/**
 * template.yaml, the state machines, the handler classes and events/ agree, checked without any
 * AWS: the template is read with Jackson YAML, which keeps an intrinsic's value and drops its tag
 * ({@code !Ref EcsEventSources} reads as "EcsEventSources").
 */
class TemplateContractTest {
  private static final Path ROOT = io.ecsmedic.testing.Fixtures.repositoryRoot();
  private static final JsonNode TEMPLATE = Templates.read(ROOT.resolve("template.yaml"));

  /** Which events/ folder holds the fixtures of each rule, by detail-type. */
  private static final Map<String, String> FOLDER_OF_DETAIL_TYPE =
      Map.of(
          "ECS Task State Change", "task-state-change",
          "ECS Deployment State Change", "deployment-state-change",
          "ECS Service Action", "service-action",
          "AWS API Call via CloudTrail", "cloudtrail",
          "CloudWatch Alarm State Change", "alarm");

  private static Stream<Map.Entry<String, JsonNode>> resources(String type) {
    return Templates.resources(TEMPLATE, type).entrySet().stream();
  }

  @Test
  void theEvidenceBucketRefusesPlainHttpEverywhereButTheLocalEmulator() {
    JsonNode policy = TEMPLATE.at("/Resources/EvidenceBucketPolicy");
    assertThat(policy.path("Condition").asText()).isEqualTo("InAws");
    assertThat(TEMPLATE.at("/Conditions/InAws").toString())
        .as("InAws is false only when the local emulator's proxy is set")
        .contains("LocalLambdaProxyBaseUrl");
    JsonNode deny = policy.at("/Properties/PolicyDocument/Statement/0");
    assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
    assertThat(deny.path("Action").asText()).isEqualTo("s3:*");
    assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
  }

  @Test
  void functionsRunOnArm64AndTheirJarsCarryNoNativeCode() throws Exception {
    assertThat(TEMPLATE.at("/Globals/Function/Architectures/0").asText()).isEqualTo("arm64");
    List<Path> jars = new java.util.ArrayList<>();
    resources("AWS::Serverless::Function")
        .map(f -> ROOT.resolve(f.getValue().path("Properties").path("CodeUri").asText()))
        .filter(Files::exists)
        .distinct()
        .forEach(jars::add);
    for (Path jar : jars) {
      try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
        assertThat(
                zip.stream()
                    .map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.matches(".*\\.(so|dll|dylib|jnilib)$"))
                    .toList())
            .as(jar + ": native code would tie the function to one architecture")
            .isEmpty();
      }
    }
  }

  @Test
  void everyFunctionHandlerClassExistsAndStreamsItsIo() throws Exception {
    List<Map.Entry<String, JsonNode>> functions = resources("AWS::Serverless::Function").toList();
    assertThat(functions).isNotEmpty();
    for (Map.Entry<String, JsonNode> f : functions) {
      String handler = f.getValue().path("Properties").path("Handler").asText();
      assertThat(handler).as(f.getKey()).endsWith("::handleRequest");
      Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
      assertThat(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class)
          .as(f.getKey() + " handler type")
          .isAssignableFrom(type);
      assertThat(type.getConstructor(Map.class))
          .as("the local host builds handlers with their template environment")
          .isNotNull();
    }
  }

  @Test
  void everyCodeUriIsTheShadedJarOfItsFunctionModule() {
    resources("AWS::Serverless::Function")
        .forEach(
            f -> {
              String codeUri = f.getValue().path("Properties").path("CodeUri").asText();
              Matcher m =
                  Pattern.compile("functions/([a-z0-9-]+)/target/([a-z0-9-]+)\\.jar")
                      .matcher(codeUri);
              assertThat(m.matches()).as(f.getKey() + " CodeUri " + codeUri).isTrue();
              assertThat(m.group(1)).isEqualTo(m.group(2));
              assertThat(ROOT.resolve("functions/" + m.group(1) + "/pom.xml")).exists();
            });
  }

  /** Maven builds the jars; without SkipBuild, {@code sam build} fails on a jar CodeUri. */
  @Test
  void samBuildTakesEveryFunctionJarAsMavenBuiltIt() {
    assertThat(resources("AWS::Serverless::Function").toList())
        .allSatisfy(
            f ->
                assertThat(f.getValue().path("Metadata").path("SkipBuild").asBoolean())
                    .as(f.getKey() + " Metadata.SkipBuild")
                    .isTrue());
  }

  @Test
  void everyStateMachinePlaceholderHasASubstitutionAndEveryChoiceNamesACategory() throws Exception {
    List<Map.Entry<String, JsonNode>> machines =
        resources("AWS::Serverless::StateMachine").toList();
    assertThat(machines).isNotEmpty();
    for (Map.Entry<String, JsonNode> m : machines) {
      JsonNode props = m.getValue().path("Properties");
      String asl = Files.readString(ROOT.resolve(props.path("DefinitionUri").asText()));
      Set<String> placeholders = new TreeSet<>();
      Matcher p = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(asl);
      while (p.find()) {
        placeholders.add(p.group(1));
      }
      Set<String> substitutions = new TreeSet<>();
      props.path("DefinitionSubstitutions").fieldNames().forEachRemaining(substitutions::add);
      assertThat(placeholders).as(m.getKey()).isEqualTo(substitutions);

      Set<String> categories = new TreeSet<>();
      for (Category c : Category.values()) {
        categories.add(c.name());
      }
      List<String> compared = new ArrayList<>();
      collectCategoryComparisons(Json.MAPPER.readTree(asl), compared);
      if (m.getKey().equals("RemediationStateMachine")) {
        assertThat(compared).as("Choice values on a category").isNotEmpty();
      }
      assertThat(categories).containsAll(compared);
    }
  }

  /**
   * Every approval wait ends: a {@code .waitForTaskToken} task reads its timeout from the number
   * SetApprovalTimeout makes of the ApprovalTimeoutSeconds substitution (a string, so the file
   * stays valid JSON), and catches States.Timeout.
   */
  @Test
  void everyApprovalWaitTimesOutAfterApprovalTimeoutSeconds() throws Exception {
    for (String file : List.of("remediation.asl.json", "ecr-cleanup.asl.json")) {
      JsonNode states =
          Json.MAPPER
              .readTree(Files.readString(ROOT.resolve("statemachines/" + file)))
              .path("States");
      List<String> waits = new ArrayList<>();
      states
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().path("Resource").asText().endsWith(".waitForTaskToken")) {
                  waits.add(e.getKey());
                  assertThat(e.getValue().path("TimeoutSecondsPath").asText())
                      .as(file + " " + e.getKey())
                      .isEqualTo("$.approvalTimeout.seconds");
                  assertThat(e.getValue().path("Catch").toString()).contains("States.Timeout");
                }
              });
      assertThat(waits).as(file).containsExactly("RequestApproval");
      JsonNode set = states.path("SetApprovalTimeout");
      assertThat(set.path("Next").asText()).isEqualTo("RequestApproval");
      assertThat(set.path("ResultPath").asText()).isEqualTo("$.approvalTimeout");
      assertThat(set.at("/Parameters/seconds.$").asText())
          .isEqualTo("States.StringToJson('${ApprovalTimeoutSeconds}')");
    }
  }

  /**
   * Issue 5: no state calls anything without a Catch, and transient errors are retried everywhere
   * except Apply (a change is never sent twice by the workflow).
   */
  @Test
  void everyTaskStateCatchesAndAllButApplyRetry() throws Exception {
    String asl = Files.readString(ROOT.resolve("statemachines/remediation.asl.json"));
    JsonNode states = Json.MAPPER.readTree(asl).path("States");
    List<String> tasks = new ArrayList<>();
    states
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals("Task")) {
                tasks.add(e.getKey());
                assertThat(e.getValue().path("Catch")).as(e.getKey() + " Catch").isNotEmpty();
                if (!e.getKey().equals("Apply")) {
                  assertThat(e.getValue().path("Retry")).as(e.getKey() + " Retry").isNotEmpty();
                }
              }
            });
    assertThat(tasks)
        .contains("Enrich", "Plan", "RequestApproval", "Recheck", "Apply", "Verify", "Record");
    assertThat(states.path("Apply").has("Retry")).as("Apply is never retried").isFalse();
  }

  // ---------------------------------------------------------------- least privilege (IAM) ---
  // docs/security.md explains each bound; these tests fail when one is widened again.

  /** Every IAM statement of the template (function policies, managed policies), with its owner. */
  private static List<Map.Entry<String, JsonNode>> statements() {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    TEMPLATE
        .path("Resources")
        .fields()
        .forEachRemaining(r -> collectStatements(r.getKey(), r.getValue(), out));
    return out;
  }

  private static void collectStatements(
      String owner, JsonNode node, List<Map.Entry<String, JsonNode>> out) {
    if (node.isObject() && node.has("Effect") && node.has("Action")) {
      out.add(Map.entry(owner, node));
    } else if (node.isContainerNode()) {
      node.elements().forEachRemaining(n -> collectStatements(owner, n, out));
    }
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.elements().forEachRemaining(n -> out.addAll(texts(n)));
    } else if (!node.isMissingNode()) {
      out.add(node.asText());
    }
    return out;
  }

  private static List<Map.Entry<String, JsonNode>> statementsAllowing(String action) {
    return statements().stream()
        .filter(e -> texts(e.getValue().path("Action")).contains(action))
        .toList();
  }

  /** The default of a CommaDelimitedList parameter, as its items. */
  private static List<String> defaultOf(String parameter) {
    String value = TEMPLATE.path("Parameters").path(parameter).path("Default").asText();
    return value.isEmpty() ? List.of() : List.of(value.split(","));
  }

  @Test
  void passRoleIsLimitedToTheListedRolesAndToEcsTasks() {
    List<Map.Entry<String, JsonNode>> passRole = statementsAllowing("iam:PassRole");
    assertThat(passRole).as("RAISE_MEMORY needs PassRole").isNotEmpty();
    for (Map.Entry<String, JsonNode> s : passRole) {
      JsonNode statement = s.getValue();
      assertThat(texts(statement.path("Resource")))
          .as(s.getKey() + " PassRole resources")
          .containsExactly("PassableTaskRoleArns")
          .noneMatch(r -> r.endsWith("role/*") || r.equals("*"));
      assertThat(statement.at("/Condition/StringEquals/iam:PassedToService").asText())
          .as(s.getKey())
          .isEqualTo("ecs-tasks.amazonaws.com");
    }
    assertThat(defaultOf("PassableTaskRoleArns")).as("no role is passable by default").isEmpty();
  }

  @Test
  void serviceChangesAreLimitedToTheListedClusters() {
    List<Map.Entry<String, JsonNode>> updates = statementsAllowing("ecs:UpdateService");
    assertThat(updates).isNotEmpty();
    for (Map.Entry<String, JsonNode> s : updates) {
      String resource = s.getValue().path("Resource").toString();
      assertThat(resource)
          .as(s.getKey() + " UpdateService on service/<listed cluster>/*")
          .contains("RemediationClusters")
          .contains(":service/")
          .doesNotContain("service/*\"")
          .isNotEqualTo("\"*\"");
    }
    assertThat(defaultOf("RemediationClusters")).as("no cluster by default").isEmpty();

    List<Map.Entry<String, JsonNode>> registers = statementsAllowing("ecs:RegisterTaskDefinition");
    assertThat(registers).isNotEmpty();
    for (Map.Entry<String, JsonNode> s : registers) {
      assertThat(texts(s.getValue().path("Resource")))
          .as(s.getKey() + " RegisterTaskDefinition")
          .allMatch(r -> r.contains(":task-definition/"));
    }
  }

  @Test
  void lambdaCodeIsReadOnlyForTheNamedImageFunctions() {
    List<Map.Entry<String, JsonNode>> reads = statementsAllowing("lambda:GetFunction");
    assertThat(reads).as("ECR hygiene needs each image function's ImageUri").isNotEmpty();
    for (Map.Entry<String, JsonNode> s : reads) {
      String resource = s.getValue().path("Resource").toString();
      assertThat(resource).as(s.getKey()).contains("ImageFunctionNames").isNotEqualTo("\"*\"");
      assertThat(texts(s.getValue().path("Resource"))).doesNotContain("*");
    }
    assertThat(defaultOf("ImageFunctionNames")).isEmpty();
  }

  /**
   * Who writes which audit items (docs/architecture.md, "The audit table"): every item call a
   * function may make on the audit table is bounded to its own partition-key prefixes.
   */
  private static final Map<String, Set<String>> AUDIT_KEYS_BY_FUNCTION =
      Map.of(
          "TriageFunction",
          Set.of("EVENT#*", "INCIDENT#*", "CLUSTER#*", "PARKED", "SLACK#*"),
          "DigestFunction",
          Set.of("INCIDENT#*"),
          "RemediationFunction",
          Set.of(
              "APPROVAL#*", "ACTION#*", "RATE#*", "CLUSTER#*", "SLACK#*", "PLAN#*", "PROPOSAL#*"),
          "ApprovalFunction",
          Set.of("APPROVAL#*"),
          "ApproverPolicy",
          Set.of("APPROVAL#*"),
          "EcrHygieneFunction",
          Set.of("ECRPLAN#*", "APPROVAL#*", "ECR"),
          "PostureScanFunction",
          Set.of("POSTURE", "POSTURE#*"));

  private static final Set<String> ITEM_ACTIONS =
      Set.of(
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:GetItem",
          "dynamodb:Query");

  @Test
  void everyAuditItemCallIsBoundedToTheKindsItsFunctionOwns() {
    Map<String, Set<String>> granted = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonNode> s : statements()) {
      JsonNode statement = s.getValue();
      List<String> actions = texts(statement.path("Action"));
      if (actions.stream().noneMatch(a -> a.startsWith("dynamodb:"))
          || !texts(statement.path("Resource")).contains("AuditTable.Arn")) {
        continue;
      }
      assertThat(ITEM_ACTIONS).as(s.getKey() + " no scans or batch calls").containsAll(actions);
      List<String> keys =
          texts(statement.at("/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys"));
      assertThat(keys).as(s.getKey() + " " + actions + " bounded by LeadingKeys").isNotEmpty();
      granted.computeIfAbsent(s.getKey(), k -> new TreeSet<>()).addAll(keys);
      if (actions.contains("dynamodb:DeleteItem")) {
        assertThat(keys).as("only released event claims are deleted").containsExactly("EVENT#*");
      }
    }
    assertThat(granted).isEqualTo(new java.util.TreeMap<>(AUDIT_KEYS_BY_FUNCTION));
  }

  /**
   * Deny by default (docs/security.md, "Approvers"): no Slack approver and no link approvals unless
   * the deployer names them, every allow-list reaches the approval function, and the CLI's policy
   * may touch approval items only.
   */
  @Test
  void approversAreAllowListedAndLinksAreOffByDefault() {
    JsonNode env = TEMPLATE.at("/Resources/ApprovalFunction/Properties/Environment/Variables");
    for (String p :
        List.of(
            "SlackApproverUserIds",
            "SlackApproverTeamIds",
            "SlackApproverAppIds",
            "SlackApproverChannelIds")) {
      assertThat(TEMPLATE.at("/Parameters/" + p + "/Default").asText()).as(p).isEmpty();
      assertThat(env.toString()).as(p + " reaches the function").contains(p);
    }
    assertThat(TEMPLATE.at("/Parameters/LinkApprovals/Default").asText()).isEqualTo("Disabled");
    assertThat(env.path("LINK_APPROVALS").toString()).contains("LinkApprovals");
    JsonNode approver =
        TEMPLATE.at("/Resources/ApproverPolicy/Properties/PolicyDocument/Statement");
    assertThat(approver.findValues("Action").stream().flatMap(a -> texts(a).stream()).toList())
        .containsExactlyInAnyOrder(
            "dynamodb:GetItem",
            "dynamodb:UpdateItem",
            "states:SendTaskSuccess",
            "states:SendTaskFailure",
            "sts:GetCallerIdentity");
  }

  @Test
  void thePublicApprovalFunctionHasReservedConcurrency() {
    JsonNode approval = TEMPLATE.at("/Resources/ApprovalFunction/Properties");
    assertThat(approval.path("FunctionUrlConfig").path("AuthType").asText()).isEqualTo("NONE");
    String parameter = approval.path("ReservedConcurrentExecutions").asText();
    assertThat(parameter).isEqualTo("ApprovalReservedConcurrency");
    assertThat(TEMPLATE.at("/Parameters/ApprovalReservedConcurrency/Default").asInt())
        .isBetween(1, 20);
  }

  private static void collectCategoryComparisons(JsonNode node, List<String> out) {
    if (node.isObject()) {
      if (node.path("Variable").asText().endsWith(".category") && node.has("StringEquals")) {
        out.add(node.get("StringEquals").asText());
      }
      node.elements().forEachRemaining(n -> collectCategoryComparisons(n, out));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(n -> collectCategoryComparisons(n, out));
    }
  }

  static Stream<Arguments> ruleFixtures() throws Exception {
    Map<String, String> expected = Fixtures.expected();
    List<Arguments> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> functions =
        resources("AWS::Serverless::Function").iterator();
    while (functions.hasNext()) {
      Map.Entry<String, JsonNode> f = functions.next();
      for (Iterator<Map.Entry<String, JsonNode>> it =
              f.getValue().path("Properties").path("Events").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> event = it.next();
        if (!event.getValue().path("Type").asText().equals("EventBridgeRule")) {
          continue;
        }
        JsonNode pattern =
            withParameterDefaults(event.getValue().path("Properties").path("Pattern"));
        String folder = FOLDER_OF_DETAIL_TYPE.get(pattern.path("detail-type").path(0).asText());
        assertThat(folder).as("rule " + event.getKey() + " detail-type").isNotNull();
        try (Stream<Path> files = Files.list(ROOT.resolve("events").resolve(folder))) {
          for (Path fixture : files.sorted().toList()) {
            String key = folder + "/" + fixture.getFileName();
            // A fixture the manifest calls EXPECTED_STOP/INFO is not a failure signal, so its rule
            // must not route it; except a STOPPED task (whether a stop is a failure depends on exit
            // codes and reasons that only triage weighs, so every stop reaches it) and a WARN or
            // ERROR event (ECS adds event names; triage labels the ones that are only news). A task
            // event without lastStatus cannot match the rule at all: the CLI reads such pastes.
            JsonNode detail = Json.MAPPER.readTree(fixture.toFile()).path("detail");
            boolean stopped = detail.path("lastStatus").asText().equals("STOPPED");
            boolean warnOrError =
                List.of("WARN", "ERROR").contains(detail.path("eventType").asText());
            boolean routable = !folder.equals("task-state-change") || detail.has("lastStatus");
            boolean positive =
                routable
                    && (!"EXPECTED_STOP/INFO".equals(expected.get(key)) || stopped || warnOrError);
            out.add(Arguments.of(event.getKey(), key, positive, pattern.toString()));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {2} {1}")
  @MethodSource("ruleFixtures")
  void eachRuleMatchesItsPositiveFixturesAndRejectsTheNegatives(
      String rule, String fixture, boolean positive, String pattern) throws Exception {
    String event = Files.readString(ROOT.resolve("events").resolve(fixture));

    Machine machine = new Machine();
    machine.addRule(rule, pattern);

    assertThat(!machine.rulesForJSONEvent(event).isEmpty())
        .as("%s on %s (negative = EXPECTED_STOP/INFO in events/README.md)", rule, fixture)
        .isEqualTo(positive);
  }

  @Test
  void rulesCoverAllFiveDetailTypesOfDesignSectionOne() throws Exception {
    Set<String> covered = new TreeSet<>();
    ruleFixtures().forEach(a -> covered.add(((String) a.get()[1]).split("/")[0]));
    assertThat(covered).containsExactlyInAnyOrderElementsOf(FOLDER_OF_DETAIL_TYPE.values());
  }

  /** Replaces a parameter reference (read as its bare name) by the parameter's default list. */
  private static JsonNode withParameterDefaults(JsonNode pattern) {
    ObjectNode copy = pattern.deepCopy();
    JsonNode source = copy.path("source");
    if (source.isTextual() && TEMPLATE.path("Parameters").has(source.asText())) {
      ArrayNode values = copy.putArray("source");
      for (String v :
          TEMPLATE.path("Parameters").path(source.asText()).path("Default").asText().split(",")) {
        values.add(v.trim());
      }
    }
    return copy;
  }

  @Test
  void theApprovalFunctionIsKeptWarmWithTheInputItsHandlerRecognises() throws Exception {
    JsonNode keepWarm =
        TEMPLATE
            .path("Resources")
            .path("ApprovalFunction")
            .path("Properties")
            .path("Events")
            .path("KeepWarm");

    assertThat(keepWarm.path("Type").asText()).isEqualTo("ScheduleV2");
    // Well inside the 14 days after which Lambda makes an uninvoked SnapStart version Inactive.
    assertThat(keepWarm.path("Properties").path("ScheduleExpression").asText())
        .isEqualTo("rate(1 day)");
    assertThat(Json.MAPPER.readTree(keepWarm.path("Properties").path("Input").asText()))
        .isEqualTo(Json.MAPPER.readTree(io.ecsmedic.approval.ApprovalHandler.KEEP_WARM));
  }

  // ---- ecs-medic watches itself: a new function or state machine without these fails here ----

  /** The alarms on one metric of one dimension value, by logical id. */
  private static List<Map.Entry<String, JsonNode>> alarms(
      String namespace, String metric, String dimension, String value) {
    return resources("AWS::CloudWatch::Alarm")
        .filter(
            a -> {
              JsonNode p = a.getValue().path("Properties");
              if (!p.path("Namespace").asText().equals(namespace)
                  || !p.path("MetricName").asText().equals(metric)) {
                return false;
              }
              for (JsonNode d : p.path("Dimensions")) {
                if (d.path("Name").asText().equals(dimension)
                    && d.path("Value").asText().equals(value)) {
                  return true;
                }
              }
              return false;
            })
        .toList();
  }

  /** The one alarm on a metric of a resource, deployed exactly when the resource is. */
  private static void assertOneAlarm(
      Map.Entry<String, JsonNode> resource, String namespace, String metric, String dimension) {
    assertThat(alarms(namespace, metric, dimension, resource.getKey()))
        .as(resource.getKey() + " needs one " + namespace + " " + metric + " alarm")
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.getValue().path("Condition").asText())
                    .as(a.getKey() + " is deployed exactly when " + resource.getKey() + " is")
                    .isEqualTo(resource.getValue().path("Condition").asText()));
  }

  @Test
  void everyFunctionHasAnErrorsAndAThrottlesAlarm() {
    List<Map.Entry<String, JsonNode>> functions = resources("AWS::Serverless::Function").toList();
    assertThat(functions).isNotEmpty();
    for (Map.Entry<String, JsonNode> f : functions) {
      assertOneAlarm(f, "AWS/Lambda", "Errors", "FunctionName");
      assertOneAlarm(f, "AWS/Lambda", "Throttles", "FunctionName");
    }
  }

  @Test
  void everyStateMachineHasFailedTimedOutAndAbortedAlarmsAndLogsItsErrors() {
    List<Map.Entry<String, JsonNode>> machines =
        resources("AWS::Serverless::StateMachine").toList();
    assertThat(machines).isNotEmpty();
    for (Map.Entry<String, JsonNode> m : machines) {
      for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted")) {
        assertOneAlarm(m, "AWS/States", metric, "StateMachineArn");
      }
      JsonNode logging = m.getValue().path("Properties").path("Logging");
      assertThat(logging.path("Level").asText()).as(m.getKey()).isEqualTo("StateMachineLogLevel");
      assertThat(logging.path("IncludeExecutionData").asBoolean(true))
          .as(m.getKey() + ": execution data holds event content; never logged")
          .isFalse();
      String group = logging.at("/Destinations/0/CloudWatchLogsLogGroup/LogGroupArn").asText();
      assertThat(group).as(m.getKey()).endsWith(".Arn");
      assertOwnLogGroup(m, group.substring(0, group.length() - ".Arn".length()));
      assertThat(allTexts(m.getValue().path("Properties").path("Policies")))
          .as(m.getKey() + " may deliver its logs")
          .contains("logs:CreateLogDelivery", "logs:PutResourcePolicy");
    }
  }

  @Test
  void everyFunctionLogsToItsOwnLogGroup() {
    for (Map.Entry<String, JsonNode> f : resources("AWS::Serverless::Function").toList()) {
      String group =
          f.getValue().path("Properties").path("LoggingConfig").path("LogGroup").asText();
      assertThat(group).as(f.getKey() + " LoggingConfig.LogGroup").isNotEmpty();
      assertOwnLogGroup(f, group);
    }
  }

  /** Every text anywhere under a node (intrinsics read as their arguments). */
  private static List<String> allTexts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isContainerNode()) {
      node.elements().forEachRemaining(n -> out.addAll(allTexts(n)));
    } else if (!node.isMissingNode()) {
      out.add(node.asText());
    }
    return out;
  }

  private static void assertOwnLogGroup(Map.Entry<String, JsonNode> owner, String group) {
    JsonNode logGroup = TEMPLATE.path("Resources").path(group);
    assertThat(logGroup.path("Type").asText())
        .as(owner.getKey() + " logs to " + group)
        .isEqualTo("AWS::Logs::LogGroup");
    assertThat(logGroup.path("Condition").asText())
        .as(group + " is deployed exactly when " + owner.getKey() + " is")
        .isEqualTo(owner.getValue().path("Condition").asText());
  }

  @Test
  void everyLogGroupHasTheRetentionParameter() {
    List<Map.Entry<String, JsonNode>> groups = resources("AWS::Logs::LogGroup").toList();
    assertThat(groups).isNotEmpty();
    assertThat(groups)
        .allSatisfy(
            g ->
                assertThat(g.getValue().path("Properties").path("RetentionInDays").asText())
                    .as(g.getKey())
                    .isEqualTo("LogRetentionDays"));
  }

  @Test
  void everyAlarmNotifiesTheAlarmTopicOrTheOpsTopic() {
    List<Map.Entry<String, JsonNode>> alarms = resources("AWS::CloudWatch::Alarm").toList();
    assertThat(alarms).isNotEmpty();
    assertThat(alarms)
        .allSatisfy(
            a -> {
              assertThat(texts(a.getValue().path("Properties").path("AlarmActions")))
                  .as(a.getKey())
                  .containsExactly("HasAlarmTopic", "AlarmTopicArn", "OpsTopic");
              assertThat(a.getValue().path("Properties").path("TreatMissingData").asText())
                  .as(a.getKey() + ": say what no data means")
                  .isIn("notBreaching", "breaching");
            });
  }

  @Test
  void theQueueParkedEventsAndTheHeartbeatAreWatched() {
    assertThat(
            alarms(
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                "QueueName",
                "TriageDeadLetterQueue.QueueName"))
        .hasSize(1);
    assertThat(alarms("ecs-medic", "ParkedEvents", "Service", "ecs-medic-triage"))
        .as("triage's EMF metric, over every category (dimension set {Service})")
        .hasSize(1);
    assertThat(
            TEMPLATE
                .at("/Resources/TriageFunction/Properties/Environment/Variables")
                .path("POWERTOOLS_METRICS_NAMESPACE")
                .asText())
        .isEqualTo("ecs-medic");
    assertThat(alarms("AWS/Lambda", "Invocations", "FunctionName", "TriageFunction"))
        .singleElement()
        .satisfies(
            h -> {
              JsonNode p = h.getValue().path("Properties");
              assertThat(p.path("EvaluationPeriods").asText()).isEqualTo("HeartbeatHours");
              assertThat(p.path("TreatMissingData").asText())
                  .as("an hour without invocations has no datapoint at all")
                  .isEqualTo("breaching");
              assertThat(h.getValue().path("Condition").asText()).isEqualTo("HasHeartbeat");
            });
  }

  /**
   * The default mode needs no approver, and every mode that proposes is guarded by the rule that
   * refuses it without one (DeployDefaultsIT proves the emulator evaluates it).
   */
  @Test
  void theDefaultModeNeedsNoApproverAndTheOthersAreGuardedByARule() {
    JsonNode mode = TEMPLATE.path("Parameters").path("Mode");
    assertThat(mode.path("Default").asText()).isEqualTo("OBSERVE");
    JsonNode rule = TEMPLATE.path("Rules").path("ProposalsNeedAnApprover");
    List<String> guarded = new ArrayList<>();
    for (JsonNode equals : rule.path("RuleCondition")) {
      assertThat(equals.get(0).asText()).isEqualTo("Mode");
      guarded.add(equals.get(1).asText());
    }
    for (JsonNode allowed : mode.path("AllowedValues")) {
      if (!allowed.asText().equals("OBSERVE")) {
        assertThat(guarded).as("modes that wait for an approver").contains(allowed.asText());
      }
    }
    assertThat(allTexts(rule.path("Assertions")))
        .contains(
            "SlackSigningSecretArn", "ApprovalLinkSecretArn", "LinkApprovals", "CliApprovals");
  }
}
