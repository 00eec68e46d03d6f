package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.logs.LogExcerptReader;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.evidence.StoppedTask;
import io.ecsmedic.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * The container's last words end to end on the deployed stack: an exit-1 task whose log stream
 * holds a real-shaped Java stack trace with a database password in it gets an alert with the
 * redacted last lines and the sub-cause they refine (DNS failure, naming the host); the incident's
 * evidence is in the stack's bucket and {@code ecs-medic show} prints it; a log read that hangs
 * still alerts, within the budget. The hang is a narrow fake of CloudWatch Logs' GetLogEvents (the
 * emulator always answers at once); everything else is the emulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LastWordsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String GROUP = "/ecs/orders-lw";
  private static final String SECRET = "s3cr3t-Pa55w0rd";

  private static final List<String> STACK_TRACE =
      List.of(
          "2025-06-10 09:00:30.118  INFO 1 --- [main] o.s.b.StartupInfoLogger : Starting"
              + " OrdersApplication v2025.06.2 using Java 21.0.3 with PID 1",
          "2025-06-10 09:00:31.402  INFO 1 --- [main] com.zaxxer.hikari.HikariDataSource :"
              + " HikariPool-1 - Starting... url=postgres://orders:"
              + SECRET
              + "@orders-db.internal:5432/orders",
          "2025-06-10 09:00:33.902 ERROR 1 --- [main] o.s.boot.SpringApplication : Application"
              + " run failed",
          "org.springframework.beans.factory.BeanCreationException: Error creating bean with name"
              + " 'dataSource'",
          "Caused by: java.net.UnknownHostException: orders-db.internal: Name or service not"
              + " known",
          "\tat java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)",
          "\tat java.base/java.net.InetAddress$PlatformResolver.lookupByName(InetAddress.java:1211)",
          "\tat org.postgresql.core.PGStream.createSocket(PGStream.java:243)");

  private LocalStackSession stack;
  private EcsClient ecs;
  private CloudWatchLogsClient logs;
  private String taskDefinitionArn;
  private final CountDownLatch releaseHang = new CountDownLatch(1);

  @BeforeAll
  void deploy() throws Exception {
    stack = LocalStackSession.open(Fixtures.ROOT, "ecs-medic-e2e-last-words");
    ecs = stack.aws.client(EcsClient.builder());
    logs = stack.aws.client(CloudWatchLogsClient.builder());
    taskDefinitionArn =
        ecs.registerTaskDefinition(
                r ->
                    r.family("orders-lw")
                        .requiresCompatibilitiesWithStrings("FARGATE")
                        .networkMode("awsvpc")
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(
                            c ->
                                c.name("app")
                                    .image(
                                        "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:2025.06.2")
                                    .essential(true)
                                    .logConfiguration(
                                        l ->
                                            l.logDriver(LogDriver.AWSLOGS)
                                                .options(
                                                    Map.of(
                                                        "awslogs-group",
                                                        GROUP,
                                                        "awslogs-region",
                                                        stack.aws.region(),
                                                        "awslogs-stream-prefix",
                                                        "ecs")))))
            .taskDefinition()
            .taskDefinitionArn();
    logs.createLogGroup(r -> r.logGroupName(GROUP));
  }

  @AfterAll
  void tearDown() {
    releaseHang.countDown();
    if (stack != null) {
      stack.close();
    }
  }

  /** A stream ecs/app/<task id> holding the lines, as the awslogs driver writes it. */
  private void writeStream(String taskId, List<String> lines) {
    String stream = "ecs/app/" + taskId;
    logs.createLogStream(r -> r.logGroupName(GROUP).logStreamName(stream));
    long t = Instant.now().toEpochMilli() - lines.size();
    List<InputLogEvent> events = new ArrayList<>();
    for (String line : lines) {
      events.add(InputLogEvent.builder().timestamp(t++).message(line).build());
    }
    logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName(stream).logEvents(events));
  }

  private ObjectNode exit1(String eventId, String taskId) {
    ObjectNode event = Fixtures.event("task-state-change/app-exit-1.json").deepCopy();
    event.put("id", eventId);
    event.put("account", LocalAws.ACCOUNT);
    ObjectNode detail = (ObjectNode) event.path("detail");
    String taskArn =
        "arn:aws:ecs:" + stack.aws.region() + ":" + LocalAws.ACCOUNT + ":task/prod/" + taskId;
    detail.put("taskArn", taskArn);
    ((ObjectNode) detail.path("containers").get(0)).put("taskArn", taskArn);
    detail.put("taskDefinitionArn", taskDefinitionArn);
    detail.put("group", "service:orders-lw-" + taskId.substring(0, 6));
    return event;
  }

  @Test
  void anExitOneTaskIsAlertedWithItsRedactedLastLinesAndTheRefinedSubCauseAndItsEvidenceIsKept()
      throws Exception {
    String taskId = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    writeStream(taskId, STACK_TRACE);

    JsonNode result = stack.invoke("TriageFunction", exit1("e-last-words-1", taskId).toString());
    String incidentId = result.path("incidentId").asText();
    JsonNode alert =
        stack.alerts(1, WAIT).stream()
            .filter(a -> a.path("incidentId").asText().equals(incidentId))
            .findFirst()
            .orElseThrow();

    assertThat(alert.path("category").asText()).isEqualTo("APP_EXIT");
    assertThat(alert.path("subcause").asText()).as(alert.toString()).isEqualTo("DNS_FAILURE");
    assertThat(alert.path("evidence").toString())
        .contains("logTail[4]")
        .contains("UnknownHostException: orders-db.internal");
    JsonNode lastWords = alert.path("lastWords");
    assertThat(lastWords.path("status").asText()).isEqualTo("READ");
    assertThat(lastWords.path("where").asText())
        .isEqualTo("awslogs " + GROUP + " ecs/app/" + taskId);
    assertThat(lastWords.path("lines")).hasSize(STACK_TRACE.size());
    assertThat(lastWords.path("lines").get(1).asText())
        .contains("postgres://orders:[REDACTED]@orders-db.internal:5432/orders");
    assertThat(alert.toString()).doesNotContain(SECRET);

    String bucket = stack.deployment.output("EvidenceBucketName");
    assertThat(alert.path("evidenceRecord").asText())
        .as("the record's audit: %s", evidenceAudit("e-last-words-1"))
        .isEqualTo("s3://" + bucket + "/incidents/" + incidentId + ".json");
    String stored =
        stack
            .s3
            .getObjectAsBytes(r -> r.bucket(bucket).key("incidents/" + incidentId + ".json"))
            .asUtf8String();
    JsonNode record = Json.MAPPER.readTree(stored);
    assertThat(record.path("parts").path("stoppedTask").path("taskArn").asText()).endsWith(taskId);
    assertThat(record.path("parts").path("logExcerpt").path("lines")).hasSize(STACK_TRACE.size());
    assertThat(stored).doesNotContain(SECRET);
    // No such service in the emulator: a part that cannot be read is a note, not a lost record.
    assertThat(record.path("parts").path("unreadable").path("serviceEvents").asText())
        .startsWith("ClusterNotFoundException: Cluster not found");
    assertThat(stack.auditItems("CLUSTER#"))
        .filteredOn(i -> i.get("eventId").s().equals("e-last-words-1#evidence"))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.get("decision").s()).isEqualTo("EVIDENCE_RECORDED");
              assertThat(i.get("detail").s()).isEqualTo(alert.path("evidenceRecord").asText());
            });

    PackagedCli.Run shown =
        PackagedCli.run(stack.aws, false, "show", incidentId, "--bucket", bucket);
    assertThat(shown.exit()).as(shown.stderr()).isZero();
    assertThat(shown.stdout())
        .contains("incident " + incidentId)
        .contains("finding: APP_EXIT / DNS_FAILURE")
        .contains("Last 8 log lines of app (redacted)")
        .contains("| Caused by: java.net.UnknownHostException: orders-db.internal")
        .contains("stopped task: arn:aws:ecs:")
        .doesNotContain(SECRET);
    PackagedCli.Run json =
        PackagedCli.run(stack.aws, false, "show", incidentId, "--bucket", bucket, "--json");
    assertThat(json.json().path("incidentId").asText()).isEqualTo(incidentId);
  }

  @Test
  void aLogReadThatHangsStillAlertsWithinTheBudget() throws Exception {
    String taskId = "0f0e0d0c0b0a09080706050403020100";
    writeStream(taskId, STACK_TRACE);
    String function = stack.deployment.resources().get("TriageFunction");
    Map<String, String> env = stack.functionEnvironment("TriageFunction");
    env.put("LOG_EXCERPT_BUDGET_MS", "500");
    var handler =
        new io.ecsmedic.triage.TriageHandler(
            env, stack.aws.clients().withClient(CloudWatchLogsClient.class, hangingLogReads(logs)));
    ObjectNode event = exit1("e-last-words-hang-1", taskId);

    long started = System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
        out,
        new LocalContext(
            function,
            "arn:aws:lambda:"
                + stack.aws.region()
                + ":"
                + LocalAws.ACCOUNT
                + ":function:"
                + function,
            "req-last-words-hang",
            System.currentTimeMillis() + 60_000));
    long millis = (System.nanoTime() - started) / 1_000_000;
    JsonNode result = Json.MAPPER.readTree(out.toByteArray());
    String incidentId = result.path("incidentId").asText();
    JsonNode alert =
        stack.alerts(1, WAIT).stream()
            .filter(a -> a.path("incidentId").asText().equals(incidentId))
            .findFirst()
            .orElseThrow();

    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("NOTIFIED");
    assertThat(alert.path("subcause").asText()).isEqualTo("EXIT_1");
    assertThat(alert.path("lastWords").path("status").asText()).isEqualTo("TIMED_OUT");
    assertThat(alert.path("lastWords").path("note").asText()).isEqualTo("not read within 500 ms");
    // The budget, plus everything else a cold handler does against the emulator.
    assertThat(millis).isLessThan(20_000);
  }

  /**
   * How long a log read takes against the emulator (docs/performance.md): the reader as triage uses
   * it, 20 reads of the 8-line stream, minimum / median / maximum printed.
   */
  @Test
  void logReadLatencyAgainstTheEmulator() {
    String taskId = "feedfacefeedfacefeedfacefeedface";
    writeStream(taskId, STACK_TRACE);
    LogExcerptReader reader =
        new LogExcerptReader(
            ecs, logs, new LogExcerptReader.Limits(20, 4096, Duration.ofSeconds(2)));
    StoppedTask task =
        new StoppedTask(
            "arn:aws:ecs:" + stack.aws.region() + ":" + LocalAws.ACCOUNT + ":task/prod/" + taskId,
            taskDefinitionArn,
            "app");
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long started = System.nanoTime();
      LogExcerpt e = reader.read(task);
      micros.add((System.nanoTime() - started) / 1_000);
      assertThat(e.status()).isEqualTo(LogExcerpt.Status.READ);
    }
    List<Long> sorted = micros.stream().sorted().toList();
    System.out.printf(
        "log read latency (DescribeTaskDefinition + GetLogEvents, 8 lines): min %d ms, median %d"
            + " ms, max %d ms over %d reads%n",
        sorted.getFirst() / 1000,
        sorted.get(sorted.size() / 2) / 1000,
        sorted.getLast() / 1000,
        sorted.size());
    assertThat(sorted.get(sorted.size() / 2)).isLessThan(2_000_000);
  }

  /** The emulator's CloudWatch Logs client, except that GetLogEvents hangs until the class ends. */
  private CloudWatchLogsClient hangingLogReads(CloudWatchLogsClient real) {
    return NarrowFakes.decorate(
        CloudWatchLogsClient.class,
        real,
        "getLogEvents",
        GetLogEventsRequest.class,
        GetLogEventsRequest::builder,
        request -> {
          try {
            releaseHang.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("released");
        });
  }

  /** What triage audited about the flight record of one event, for a failure message. */
  private List<String> evidenceAudit(String eventId) {
    return stack.auditItems("CLUSTER#").stream()
        .filter(i -> i.get("eventId").s().equals(eventId + "#evidence"))
        .map(i -> i.get("decision").s() + ": " + i.get("detail").s())
        .toList();
  }
}
