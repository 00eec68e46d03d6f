package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Noise control and idempotency through the deployed stack: a crash-looping estate is a handful of
 * incidents, not thousands of pages, and a redelivered event does nothing twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriageNoiseControlIT {
  private LocalStackSession stack;

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT, "ecs-medic-e2e-noise", aws -> Fixtures.PROPOSE_BY_CLI);
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aStormOf2000StopsFrom20CrashLoopingServicesIsTwentyIncidentsWithNothingLost()
      throws Exception {
    JsonNode template = Fixtures.event("task-state-change/oom-container-limit.json");
    List<JsonNode> storm = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ObjectNode e = template.deepCopy();
      ObjectNode detail = (ObjectNode) e.get("detail");
      String service = String.format("svc-%02d", i % 20);
      String task = String.format("%032x", i);
      detail.put("group", "service:" + service);
      detail.put("taskArn", "arn:aws:ecs:us-east-1:123456789012:task/storm/" + task);
      detail.put("clusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/storm");
      storm.add(e);
    }
    Instant start = Instant.now();

    List<LocalStackSession.Sent> sent = stack.putEvents(storm, Duration.ofMinutes(1));
    List<JsonNode> alerts = stack.alerts(20, Duration.ofMinutes(2));
    List<Map<String, AttributeValue>> records =
        awaitRecords("CLUSTER#storm", 2000 + 20, Duration.ofMinutes(3));

    long failed = stack.host.invocations().stream().filter(i -> !i.ok()).count();
    System.out.printf(
        "storm: 2000 events → %d invocations (%d failed), %d alerts, %d audit records in %d s%n",
        stack.host.invocations().size(),
        failed,
        alerts.size(),
        records.size(),
        Duration.between(start, Instant.now()).toSeconds());
    stack.host.invocations().stream()
        .filter(i -> !i.ok())
        .limit(3)
        .forEach(i -> System.out.println("failed invocation: " + i.result()));
    assertThat(sent).allSatisfy(s -> assertThat(s.error()).isNull());
    assertThat(alerts).hasSize(20);
    assertThat(
            alerts.stream()
                .map(a -> a.path("resource").path("service").asText())
                .collect(Collectors.toSet()))
        .hasSize(20);
    assertThat(records)
        .as("one record per event, one per remediation workflow, one flight record per incident")
        .hasSize(2040);
    Map<String, Long> decisions =
        records.stream()
            .collect(Collectors.groupingBy(r -> r.get("decision").s(), Collectors.counting()));
    assertThat(decisions)
        .containsExactlyInAnyOrderEntriesOf(
            // One workflow per incident; the storm's services exist only in the events.
            Map.of(
                "NOTIFIED",
                20L,
                "SUPPRESSED",
                1980L,
                "REMEDIATION_NOTHING_TO_APPLY",
                20L,
                "EVIDENCE_RECORDED",
                20L));
    List<Map<String, AttributeValue>> incidents =
        stack.auditItems("INCIDENT#").stream()
            .filter(i -> i.get("pk").s().contains("|storm|"))
            .toList();
    assertThat(incidents).hasSize(20);
    assertThat(incidents.stream().mapToLong(i -> Long.parseLong(i.get("occurrences").n())).sum())
        .isEqualTo(2000);
    assertThat(stack.deadLetters(0, Duration.ofSeconds(1))).isEmpty();

    // The 1,980 repeats that did not page are summarised once by the digest, then not again.
    JsonNode digest = invokeDigest();
    List<JsonNode> digests = stack.alerts(1, Duration.ofSeconds(10));
    assertThat(digest.path("status").asText()).isEqualTo("SENT");
    assertThat(digests)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path("kind").asText()).isEqualTo("digest");
              assertThat(d.path("repeats").asLong()).isEqualTo(1980);
              assertThat(d.path("incidents")).hasSize(20);
              assertThat(d.path("incidents"))
                  .allSatisfy(i -> assertThat(i.path("repeats").asLong()).isEqualTo(99));
            });
    assertThat(invokeDigest().path("status").asText()).isEqualTo("NOTHING_PENDING");
    assertThat(stack.alerts(0, Duration.ofSeconds(2))).isEmpty();
  }

  private JsonNode invokeDigest() throws Exception {
    return stack.invoke("DigestFunction", "{}");
  }

  @Test
  void historyShowsWhatTriageRecordedForAService() throws Exception {
    String function = stack.deployment.resources().get("TriageFunction");
    for (String id : List.of("h-1", "h-2")) {
      ObjectNode e = Fixtures.event("task-state-change/oom-container-limit.json").deepCopy();
      e.put("id", id);
      // Invoked directly, not through EventBridge: the event must name this stack's account, or
      // triage treats it as foreign and starts no workflow.
      e.put("account", LocalAws.ACCOUNT);
      ((ObjectNode) e.get("detail"))
          .put("clusterArn", "arn:aws:ecs:us-east-1:" + LocalAws.ACCOUNT + ":cluster/history");
      stack.lambda.invoke(
          r -> r.functionName(function).payload(SdkBytes.fromUtf8String(e.toString())));
    }
    // h-1 opens an actionable incident: triage records NOTIFIED and the flight record, h-2 is
    // SUPPRESSED, and the remediation workflow records its decision moments later. Wait for all
    // four, or the count below races the workflow.
    assertThat(awaitRecords("CLUSTER#history", 4, Duration.ofMinutes(1))).hasSize(4);
    java.io.StringWriter out = new java.io.StringWriter();

    int status =
        io.ecsmedic.cli.EcsMedicTestAccess.run(
            out,
            "history",
            "--cluster",
            "history",
            "--service",
            "image-resizer",
            "--since",
            "1h",
            "--table",
            stack.deployment.output("AuditTableName"),
            "--region",
            stack.aws.region(),
            "--endpoint-url",
            stack.aws.endpoint().toString());

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("4 records for cluster history service image-resizer")
        .contains("OOM/CONTAINER_LIMIT")
        .contains("NOTIFIED")
        .contains("SUPPRESSED")
        .contains("REMEDIATION_NOTHING_TO_APPLY")
        .containsPattern(
            "EVIDENCE_RECORDED s3://\\S+/incidents/\\S+\\.json \\(ecs-medic show \\S+\\)");
  }

  @Test
  void aRedeliveredEventIdIsOneIncidentAndOneAlert() throws Exception {
    String function = stack.deployment.resources().get("TriageFunction");
    SdkBytes event =
        SdkBytes.fromUtf8String(Fixtures.event("task-state-change/app-exit-1.json").toString());

    InvokeResponse first = stack.lambda.invoke(r -> r.functionName(function).payload(event));
    InvokeResponse second = stack.lambda.invoke(r -> r.functionName(function).payload(event));
    InvokeResponse third = stack.lambda.invoke(r -> r.functionName(function).payload(event));

    assertThat(status(first)).isEqualTo("NOTIFIED");
    assertThat(List.of(status(second), status(third))).containsOnly("DUPLICATE");
    String eventId = Fixtures.event("task-state-change/app-exit-1.json").path("id").asText();
    assertThat(stack.alerts(1, Duration.ofSeconds(10)))
        .filteredOn(a -> a.path("eventId").asText().equals(eventId))
        .hasSize(1);
  }

  private static String status(InvokeResponse response) throws Exception {
    return io.ecsmedic.json.Json.MAPPER
        .readTree(response.payload().asUtf8String())
        .path("status")
        .asText();
  }

  private List<Map<String, AttributeValue>> awaitRecords(String pk, int count, Duration max)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(max);
    List<Map<String, AttributeValue>> records = stack.auditItems(pk);
    while (records.size() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(1000);
      records = stack.auditItems(pk);
    }
    return records;
  }
}
