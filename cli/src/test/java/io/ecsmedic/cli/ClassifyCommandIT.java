package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@code classify} (docs/taxonomy.md), through the real jar. */
class ClassifyCommandIT {
  private static final Path EVENTS = Fixtures.root();

  private static JsonNode json(String line) throws Exception {
    return Json.MAPPER.readTree(line);
  }

  @Test
  void writesExactlyOneLineForEachInputLineInOrderAndKeepsGoingAfterBadOnes() throws Exception {
    String input =
        String.join(
                "\n",
                "{\"message\": \"CannotPullContainerError: toomanyrequests: You have reached your pull rate limit.\"}",
                "this is not json",
                "",
                "[1, 2]",
                "{\"detail-type\": \"EC2 Instance State-change Notification\", \"id\": \"e9\", \"detail\": {}}",
                "{\"message\": \"Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef)\"}")
            + "\n";

    CliProcess.Result r = CliProcess.run(input, "classify", "-");

    assertThat(r.exit()).isZero();
    List<String> lines = r.lines();
    assertThat(lines).hasSize(6);
    assertThat(json(lines.get(0)).get("category").asText()).isEqualTo("IMAGE_PULL");
    assertThat(json(lines.get(0)).get("subcause").asText()).isEqualTo("RATE_LIMIT");
    assertThat(json(lines.get(1)).get("error").asText()).startsWith("not valid JSON");
    assertThat(json(lines.get(1)).get("line").asInt()).isEqualTo(2);
    assertThat(json(lines.get(2)).get("error").asText()).contains("empty line");
    assertThat(json(lines.get(3)).get("error").asText()).contains("expected a JSON object");
    assertThat(json(lines.get(4)).get("error").asText())
        .contains("unsupported detail-type")
        .contains("event id e9");
    assertThat(json(lines.get(5)).get("category").asText()).isEqualTo("ELB_HEALTH_CHECK");
  }

  @Test
  void findingsCarryTheContractKeys() throws Exception {
    CliProcess.Result r =
        CliProcess.run(
            "",
            "classify",
            EVENTS.resolve("task-state-change/oom-container-limit.json").toString());

    JsonNode f = json(r.lines().getFirst());
    assertThat(f.fieldNames())
        .toIterable()
        .startsWith(
            "category",
            "subcause",
            "signatureId",
            "summary",
            "evidence",
            "actions",
            "confidence",
            "alternatives");
    assertThat(f.get("confidence").asText()).isEqualTo("high");
    assertThat(f.get("alternatives").isArray()).isTrue();
    assertThat(f.get("evidence")).isNotEmpty();
    assertThat(f.get("actions").get(0).get("type").asText()).isEqualTo("RAISE_MEMORY");
    assertThat(f.get("runbook").asText()).endsWith("OOM.md#container_limit");
  }

  @Test
  void survivesNonUtf8AndOverlongLinesWithoutDroppingAny() throws Exception {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.write("{\"message\": \"Task stopped by user\"}\n".getBytes(StandardCharsets.UTF_8));
    in.write(new byte[] {'{', '"', 'm', (byte) 0xFF, '"', '}', '\n'});
    in.write(
        ("{\"message\": \"" + "a".repeat(1_200_000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
    in.write(
        "{\"message\": \"Your Spot Task was interrupted.\"}\n".getBytes(StandardCharsets.UTF_8));

    CliProcess.Result r = CliProcess.run(in.toByteArray(), "classify", "-");

    assertThat(r.exit()).isZero();
    assertThat(r.lines()).hasSize(4);
    assertThat(json(r.lines().get(1)).get("error").asText()).contains("not valid UTF-8");
    assertThat(json(r.lines().get(2)).get("error").asText()).contains("1 MiB limit");
    assertThat(json(r.lines().get(3)).get("category").asText()).isEqualTo("SPOT_INTERRUPTION");
  }

  @Test
  void anUnreadableInputFailsTheRunButTheOtherInputsAreStillClassified(@TempDir Path dir)
      throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.jsonl"));
    Path good = dir.resolve("good.jsonl");
    Files.writeString(good, "{\"message\": \"Essential container in task exited\"}\n");

    CliProcess.Result r =
        CliProcess.run(
            "", "classify", dir.toString(), empty.toString(), good.toString(), "missing.jsonl");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("is a directory").contains("missing.jsonl: no such file");
    assertThat(r.lines()).hasSize(1);
    assertThat(json(r.lines().getFirst()).get("category").asText()).isEqualTo("APP_EXIT");
  }

  @Test
  void classifiesTenThousandLinesInOneRun(@TempDir Path dir) throws Exception {
    List<String> scenario = Files.readAllLines(EVENTS.resolve("scenario/incident.jsonl"));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      b.append(scenario.get(i % scenario.size())).append('\n');
    }

    CliProcess.Result r = CliProcess.run(b.toString(), "classify", "-");

    assertThat(r.exit()).isZero();
    assertThat(r.lines()).hasSize(10_000).noneMatch(l -> l.contains("\"error\""));
  }
}
