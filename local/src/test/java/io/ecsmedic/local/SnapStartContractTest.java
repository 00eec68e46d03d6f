package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SnapStart restores only published versions: template.yaml turns it on for every Java function,
 * publishes a version under the alias {@value #ALIAS} on each deploy, and everything that invokes a
 * function names that alias, never the unqualified function ($LATEST, which is initialised from
 * scratch on every cold start). Read like {@link TemplateContractTest}: Jackson YAML drops an
 * intrinsic's tag, so {@code !Ref F.Alias} reads "F.Alias" and {@code !GetAtt F.Arn} "F.Arn".
 * SnapStartAliasIT checks the same on the stack the emulator deploys (SAM's output).
 */
class SnapStartContractTest {
  static final String ALIAS = "live";

  private static final Path ROOT = io.ecsmedic.testing.Fixtures.repositoryRoot();
  private static final JsonNode TEMPLATE = Templates.read(ROOT.resolve("template.yaml"));
  private static final JsonNode GLOBALS = TEMPLATE.path("Globals").path("Function");

  /**
   * The event source types SAM attaches to the alias (rule target, schedule target, permission)
   * when a function has AutoPublishAlias. Another type must be checked before it is added here.
   */
  private static final Set<String> ALIAS_AWARE_EVENTS =
      Set.of("EventBridgeRule", "Schedule", "ScheduleV2");

  /** Resource types that invoke a function, or let something invoke it, when they name it. */
  private static final Set<String> INVOKERS =
      Set.of(
          "AWS::Events::Rule",
          "AWS::Scheduler::Schedule",
          "AWS::Lambda::Permission",
          "AWS::Lambda::Url",
          "AWS::Lambda::EventSourceMapping",
          "AWS::Lambda::EventInvokeConfig",
          "AWS::SNS::Subscription",
          "AWS::Pipes::Pipe");

  private static Map<String, JsonNode> resources(String type) {
    return Templates.resources(TEMPLATE, type);
  }

  private static Map<String, JsonNode> functions() {
    return resources("AWS::Serverless::Function");
  }

  /** A function's property, or the Globals' when the function does not set it. */
  private static JsonNode effective(JsonNode function, String property) {
    JsonNode own = function.path("Properties").path(property);
    return own.isMissingNode() ? GLOBALS.path(property) : own;
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isContainerNode()) {
      node.elements().forEachRemaining(n -> out.addAll(texts(n)));
    } else if (!node.isMissingNode()) {
      out.add(node.asText());
    }
    return out;
  }

  @Test
  void everyJavaFunctionPublishesASnapStartVersionUnderTheAlias() {
    assertThat(functions()).isNotEmpty();
    functions()
        .forEach(
            (name, function) -> {
              assertThat(effective(function, "Runtime").asText()).as(name).startsWith("java");
              assertThat(effective(function, "AutoPublishAlias").asText())
                  .as(name)
                  .isEqualTo(ALIAS);
              assertThat(effective(function, "SnapStart").path("ApplyOn").asText())
                  .as(name)
                  .isEqualTo("PublishedVersions");
            });
  }

  /** SnapStart refuses provisioned concurrency, EFS and more than 512 MB of ephemeral storage. */
  @Test
  void noFunctionUsesWhatSnapStartRefuses() {
    functions()
        .forEach(
            (name, function) -> {
              assertThat(effective(function, "ProvisionedConcurrencyConfig").isMissingNode())
                  .as(name + " ProvisionedConcurrencyConfig")
                  .isTrue();
              assertThat(effective(function, "FileSystemConfigs").isMissingNode())
                  .as(name + " FileSystemConfigs")
                  .isTrue();
              assertThat(effective(function, "EphemeralStorage").path("Size").asInt(512))
                  .as(name + " EphemeralStorage")
                  .isLessThanOrEqualTo(512);
            });
  }

  @Test
  void everyEventSourceIsOneSamPointsAtTheAlias() {
    functions()
        .forEach(
            (name, function) ->
                function
                    .path("Properties")
                    .path("Events")
                    .properties()
                    .forEach(
                        e ->
                            assertThat(e.getValue().path("Type").asText())
                                .as(name + " event " + e.getKey())
                                .isIn(ALIAS_AWARE_EVENTS)));
  }

  /** Each Lambda task's FunctionName is a substitution, and each such substitution an alias. */
  @Test
  void everyStateMachineTaskInvokesAnAlias() throws Exception {
    Map<String, JsonNode> machines = resources("AWS::Serverless::StateMachine");
    assertThat(machines).isNotEmpty();
    for (Map.Entry<String, JsonNode> m : machines.entrySet()) {
      JsonNode props = m.getValue().path("Properties");
      JsonNode substitutions = props.path("DefinitionSubstitutions");
      List<String> taskTargets = new ArrayList<>();
      collectLambdaTargets(
          Json.MAPPER.readTree(
              Files.readString(ROOT.resolve(props.path("DefinitionUri").asText()))),
          taskTargets);
      assertThat(taskTargets).as(m.getKey() + "'s Lambda tasks").isNotEmpty();
      for (String target : taskTargets) {
        assertThat(target).as(m.getKey()).matches("\\$\\{[A-Za-z0-9]+}");
        String value = substitutions.path(target.substring(2, target.length() - 1)).asText();
        assertThat(value)
            .as(m.getKey() + " " + target)
            .matches("[A-Za-z0-9]+\\.Alias")
            .satisfies(v -> assertThat(functions()).containsKey(v.replace(".Alias", "")));
      }
    }
  }

  /**
   * A SnapStart version not invoked for 14 days (or recycled by Lambda) is Inactive, and invoking
   * it fails with SnapStartNotReadyException until Lambda has restored its snapshot; the function
   * did not run. Every Lambda task that retries at all waits that out; the ones that never retry
   * (Apply, Delete: a change is never sent twice) run seconds after a step of the same function.
   */
  @Test
  void everyRetriedLambdaTaskWaitsForAnInactiveSnapshot() throws Exception {
    for (JsonNode machine : resources("AWS::Serverless::StateMachine").values()) {
      String uri = machine.path("Properties").path("DefinitionUri").asText();
      JsonNode states = Json.MAPPER.readTree(Files.readString(ROOT.resolve(uri))).path("States");
      states
          .properties()
          .forEach(
              e -> {
                JsonNode state = e.getValue();
                if (!state.path("Resource").asText().startsWith("arn:aws:states:::lambda:invoke")
                    || !state.has("Retry")) {
                  return;
                }
                List<String> retried = new ArrayList<>();
                state.path("Retry").forEach(r -> retried.addAll(texts(r.path("ErrorEquals"))));
                assertThat(retried)
                    .as(uri + " " + e.getKey())
                    .contains("Lambda.SnapStartNotReadyException");
              });
    }
  }

  private static void collectLambdaTargets(JsonNode node, List<String> out) {
    if (node.isObject()
        && node.path("Type").asText().equals("Task")
        && node.path("Resource").asText().startsWith("arn:aws:states:::lambda:invoke")) {
      out.add(node.path("Parameters").path("FunctionName").asText());
    }
    if (node.isContainerNode()) {
      node.elements().forEachRemaining(n -> collectLambdaTargets(n, out));
    }
  }

  /**
   * No resource names a function's unqualified ARN (an invoker written by hand would then run
   * $LATEST), and no resource that invokes a function names it other than by its alias. Alarms and
   * invoke grants may name the function itself: see the two tests below.
   */
  @Test
  void nothingInvokesAFunctionUnqualified() {
    Set<String> functions = functions().keySet();
    TEMPLATE
        .path("Resources")
        .properties()
        .forEach(
            r -> {
              List<String> texts = texts(r.getValue().path("Properties"));
              for (String f : functions) {
                assertThat(texts)
                    .as(r.getKey() + " names " + f + "'s ARN")
                    .doesNotContain(f + ".Arn");
                if (INVOKERS.contains(r.getValue().path("Type").asText())) {
                  assertThat(texts).as(r.getKey() + " names " + f).doesNotContain(f);
                }
              }
            });
  }

  /**
   * Step Functions invokes the alias's ARN (function:NAME:live), which a grant on the function's
   * bare ARN does not cover: each state machine's grant is SAM's LambdaInvokePolicy, which allows
   * function:NAME* (the function, its versions and aliases), and any hand-written
   * lambda:InvokeFunction grant must end in * or the alias.
   */
  @Test
  void everyInvokeGrantCoversTheAlias() {
    List<String> handWritten = new ArrayList<>();
    collectInvokeGrants(TEMPLATE.path("Resources"), handWritten);
    assertThat(handWritten).allMatch(r -> r.endsWith("*") || r.endsWith(":" + ALIAS));
    resources("AWS::Serverless::StateMachine")
        .forEach(
            (name, machine) -> {
              List<String> invoked = new ArrayList<>();
              machine
                  .path("Properties")
                  .path("DefinitionSubstitutions")
                  .elements()
                  .forEachRemaining(
                      v -> {
                        if (v.asText().endsWith(".Alias")) {
                          invoked.add(v.asText().replace(".Alias", ""));
                        }
                      });
              List<String> granted = new ArrayList<>();
              machine
                  .path("Properties")
                  .path("Policies")
                  .elements()
                  .forEachRemaining(
                      p ->
                          granted.addAll(texts(p.path("LambdaInvokePolicy").path("FunctionName"))));
              assertThat(granted).as(name + "'s LambdaInvokePolicy").containsAll(invoked);
            });
  }

  private static void collectInvokeGrants(JsonNode node, List<String> out) {
    if (node.isObject()
        && node.has("Effect")
        && texts(node.path("Action")).contains("lambda:InvokeFunction")) {
      out.addAll(texts(node.path("Resource")));
    }
    if (node.isContainerNode()) {
      node.elements().forEachRemaining(n -> collectInvokeGrants(n, out));
    }
  }

  /**
   * Errors and Throttles on the FunctionName dimension alone aggregate every version and alias of
   * the function, so the alarms keep naming the function: they see the alias's invocations and a
   * manual $LATEST invocation alike.
   */
  @Test
  void functionAlarmsWatchEveryVersion() {
    Set<String> functions = functions().keySet();
    resources("AWS::CloudWatch::Alarm")
        .forEach(
            (name, alarm) ->
                alarm
                    .path("Properties")
                    .path("Dimensions")
                    .elements()
                    .forEachRemaining(
                        d -> {
                          if (d.path("Name").asText().equals("FunctionName")) {
                            assertThat(functions).as(name).contains(d.path("Value").asText());
                          }
                          assertThat(d.path("Name").asText()).as(name).isNotEqualTo("Resource");
                        }));
  }
}
