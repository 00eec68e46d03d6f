package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.CapturedLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * Triage fails closed on the deployed stack: a poison event is parked with its reason, a malformed
 * Slack webhook secret never reaches a log line and never costs the SNS alert or the workflow, and
 * an event from an account the stack cannot reach is alerted with "not checked: no access" and
 * never remediated. The webhook secret here is a key/value secret ({@code {"url": "…"}}), which
 * triage refuses as malformed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriageFailClosedIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String HOOK_PATH = "/services/T000/B000/LeakyHookToken";

  private final AtomicInteger slackPosts = new AtomicInteger();
  private HttpServer slack;
  private LocalStackSession stack;
  private List<CapturedLog> logs;

  @BeforeAll
  void deploy() throws Exception {
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext(
        "/services/",
        exchange -> {
          slackPosts.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    slack.start();
    String base = "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/";
    String keyValue = "{\"url\":\"" + base + HOOK_PATH.substring("/services/".length()) + "\"}";
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-fail-closed",
            aws -> {
              String arn =
                  aws.client(SecretsManagerClient.builder())
                      .createSecret(
                          r -> r.name("ecs-medic/fail-closed-hook").secretString(keyValue))
                      .arn();
              return Map.of(
                  "SlackWebhookSecretArn",
                  arn,
                  "SlackWebhookBaseUrl",
                  base,
                  "Mode",
                  "PROPOSE",
                  "CliApprovals",
                  "Enabled");
            });
    logs =
        Stream.of("Triage", "TriageHandler", "SlackWebhookPublisher", "ModeResolver")
            .map(c -> new CapturedLog(triageClass(c)))
            .toList();
  }

  private static Class<?> triageClass(String simpleName) {
    try {
      return Class.forName("io.ecsmedic.triage." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  void tearDown() {
    if (logs != null) {
      logs.forEach(CapturedLog::close);
    }
    if (stack != null) {
      stack.close();
    }
    if (slack != null) {
      slack.stop(0);
    }
  }

  @Test
  void aPoisonEventIsParkedWithItsReasonAndEventIdAndTheInvocationSucceeds() throws Exception {
    String poison =
        "{\"id\":\"e-poison-1\",\"account\":\"000000000000\",\"detail-type\":\"ECS Task State Change\","
            + "\"detail\":[\"not\",\"an\",\"object\"]}";

    JsonNode result = stack.invoke("TriageFunction", poison);
    List<JsonNode> parked = stack.deadLetters(1, WAIT);

    assertThat(result.path("status").asText()).isEqualTo("PARKED");
    assertThat(parked)
        .filteredOn(p -> p.path("eventId").asText().equals("e-poison-1"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path("reason").asText()).isEqualTo(result.path("error").asText());
              assertThat(readJson(p.path("event").asText())).isEqualTo(readJson(poison));
            });
    assertThat(stack.auditItems("PARKED"))
        .filteredOn(i -> i.get("eventId").s().equals("e-poison-1"))
        .singleElement()
        .satisfies(i -> assertThat(i.get("detail").s()).isEqualTo(result.path("error").asText()));
  }

  private static JsonNode readJson(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aMalformedWebhookSecretCostsNeitherTheSnsAlertNorTheWorkflowAndLeaksNothing()
      throws Exception {
    JsonNode event = Fixtures.event("task-state-change/oom-container-limit.json");
    String stateMachine = stack.deployment.output("RemediationStateMachineArn");

    stack.putEvents(List.of(event));
    List<JsonNode> alerts = stack.alerts(1, WAIT);
    List<JsonNode> parked = stack.deadLetters(1, WAIT);

    assertThat(alerts).as("exactly one SNS alert").hasSize(1);
    String incidentId = alerts.getFirst().path("incidentId").asText();
    List<ExecutionListItem> executions =
        stack.sfn.listExecutions(r -> r.stateMachineArn(stateMachine)).executions().stream()
            .filter(e -> e.name().equals(incidentId))
            .toList();
    assertThat(executions).as("the workflow still starts").hasSize(1);
    assertThat(slackPosts).as("nothing was posted to the malformed URL").hasValue(0);
    JsonNode slackParked =
        parked.stream()
            .filter(p -> p.path("event").asText().contains(incidentId))
            .findFirst()
            .orElseThrow();
    assertThat(slackParked.path("reason").asText())
        .startsWith("Slack alert not delivered: malformed webhook secret (");
    List<Map<String, AttributeValue>> records =
        stack.auditItems("CLUSTER#").stream()
            .filter(i -> i.containsKey("incidentId"))
            .filter(i -> i.get("incidentId").s().equals(incidentId))
            .toList();
    assertThat(records)
        .filteredOn(i -> i.get("decision").s().equals("SLACK_NOT_DELIVERED"))
        .singleElement()
        .satisfies(i -> assertThat(i.get("detail").s()).contains("malformed webhook secret"));
    String everything =
        parked
            + "\n"
            + records
            + "\n"
            + stack.host.invocations()
            + "\n"
            + String.join("\n", logs.stream().map(CapturedLog::text).toList());
    assertThat(logs.getFirst().lines()).isNotEmpty();
    assertThat(everything).doesNotContain("LeakyHookToken").doesNotContain("T000/B000");
  }

  @Test
  void anEventFromAnotherAccountIsAlertedLabelledAndNeverRemediated() throws Exception {
    ObjectNode event = Fixtures.event("task-state-change/oom-jvm-heap-vs-limit.json").deepCopy();
    event.put("id", "e-foreign-1");
    event.put("account", "111122223333");
    String stateMachine = stack.deployment.output("RemediationStateMachineArn");

    JsonNode result = stack.invoke("TriageFunction", event.toString());
    List<JsonNode> alerts = stack.alerts(1, WAIT);

    assertThat(result.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(result.path("mode").asText()).isEqualTo("OBSERVE");
    String incidentId = result.path("incidentId").asText();
    assertThat(alerts)
        .filteredOn(a -> a.path("incidentId").asText().equals(incidentId))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.path("notes").get(0).asText())
                    .startsWith("not checked: no access to account 111122223333 in ")
                    .endsWith(")"));
    assertThat(stack.sfn.listExecutions(r -> r.stateMachineArn(stateMachine)).executions())
        .noneMatch(e -> e.name().equals(incidentId));
    assertThat(stack.auditItems("CLUSTER#"))
        .filteredOn(i -> i.get("eventId").s().equals("e-foreign-1"))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.get("mode").s()).isEqualTo("OBSERVE");
              assertThat(i.get("detail").s())
                  .contains("not checked: no access to account 111122223333");
            });
  }

  /**
   * A service's mode tag that cannot be read means OBSERVE for that event, never the template's
   * mode. The stack is the deployed one (its table, topic, queue and state machine, its function's
   * environment); the one narrow fake is ECS ListTagsForResource, which the emulator always answers
   * (with no tags), so the read is made to fail the way AWS throttles it.
   */
  @Test
  void aModeTagThatCannotBeReadMeansObserveNeverTheTemplateMode() throws Exception {
    ObjectNode event = Fixtures.event("task-state-change/oom-jvm-heap-vs-limit.json").deepCopy();
    event.put("id", "e-tag-unreadable-1");
    event.put("account", LocalAws.ACCOUNT);
    ((ObjectNode) event.path("detail")).put("group", "service:tag-unreadable");
    String stateMachine = stack.deployment.output("RemediationStateMachineArn");
    String function = stack.deployment.resources().get("TriageFunction");
    Map<String, String> env = stack.functionEnvironment("TriageFunction");
    EcsClient ecs = stack.aws.client(EcsClient.builder());
    var handler =
        new io.ecsmedic.triage.TriageHandler(
            env, stack.aws.clients().withClient(EcsClient.class, throttlingTagReads(ecs)));

    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    handler.handleRequest(
        new java.io.ByteArrayInputStream(
            event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        out,
        new LocalContext(
            function,
            "arn:aws:lambda:"
                + stack.aws.region()
                + ":"
                + LocalAws.ACCOUNT
                + ":function:"
                + function,
            "req-tag-unreadable",
            System.currentTimeMillis() + 60_000));
    JsonNode result = Json.MAPPER.readTree(out.toByteArray());
    List<JsonNode> alerts = stack.alerts(1, WAIT);

    assertThat(result.path("mode").asText()).as(result.toString()).isEqualTo("OBSERVE");
    String incidentId = result.path("incidentId").asText();
    assertThat(alerts)
        .filteredOn(a -> a.path("incidentId").asText().equals(incidentId))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.path("notes").toString())
                    .contains("mode tag unreadable: observing only"));
    assertThat(stack.sfn.listExecutions(r -> r.stateMachineArn(stateMachine)).executions())
        .noneMatch(e -> e.name().equals(incidentId));
    assertThat(stack.auditItems("CLUSTER#"))
        .filteredOn(i -> i.get("eventId").s().equals("e-tag-unreadable-1"))
        .singleElement()
        .satisfies(i -> assertThat(i.get("mode").s()).isEqualTo("OBSERVE"));
  }

  /** The emulator's ECS client, except that reading tags is throttled as AWS does under load. */
  private static EcsClient throttlingTagReads(EcsClient real) {
    return NarrowFakes.decorate(
        EcsClient.class,
        real,
        "listTagsForResource",
        ListTagsForResourceRequest.class,
        ListTagsForResourceRequest::builder,
        request -> {
          throw EcsException.builder()
              .statusCode(400)
              .awsErrorDetails(
                  AwsErrorDetails.builder()
                      .errorCode("ThrottlingException")
                      .errorMessage("Rate exceeded")
                      .build())
              .build();
        });
  }
}
