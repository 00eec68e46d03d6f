package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The human report of {@code diagnose}, through the real jar. */
class DiagnoseCommandIT {
  private static final String SCENARIO =
      Path.of(System.getProperty("ecsmedic.root"), "events/scenario/incident.jsonl").toString();

  @Test
  void groupsTheScenarioIntoIncidentsWithEvidenceFixAndRunbook() throws Exception {
    CliProcess.Result r = CliProcess.run("", "diagnose", SCENARIO);

    assertThat(r.exit()).isZero();
    assertThat(r.stdout())
        .contains("20 inputs")
        .contains("IMAGE_PULL / IMAGE_NOT_FOUND  ×3")
        .contains("OOM / CONTAINER_LIMIT  ×2")
        .contains("Why:")
        .contains("$ aws ecs update-service --cluster prod --service checkout")
        .contains("Runbook: ")
        .contains("(label only, not paged)")
        .doesNotContain("\u001B[");
  }

  @Test
  void jsonOutputCountsIncidentsAndErrors() throws Exception {
    CliProcess.Result r =
        CliProcess.run(
            "{\"message\": \"Task stopped by user\"}\nnope\n", "diagnose", "-o", "json", "-");

    JsonNode report = Json.MAPPER.readTree(r.stdout());
    assertThat(report.get("inputs").asInt()).isEqualTo(2);
    assertThat(report.get("findings").get(0).get("finding").get("category").asText())
        .isEqualTo("EXPECTED_STOP");
    assertThat(report.get("errors").get(0).get("line").asInt()).isEqualTo(2);
  }

  @Test
  void markdownOutputHasAHeadingPerIncident() throws Exception {
    CliProcess.Result r = CliProcess.run("", "diagnose", "--output", "markdown", SCENARIO);

    assertThat(r.stdout())
        .startsWith("# ecs-medic diagnosis")
        .contains("\n## OOM / CONTAINER_LIMIT");
  }

  @Test
  void readsAPrettyPrintedEventFileAsOneInput() throws Exception {
    String fixture =
        Path.of(
                System.getProperty("ecsmedic.root"),
                "events/task-state-change/oom-jvm-heap-vs-limit.json")
            .toString();

    CliProcess.Result r = CliProcess.run("", "diagnose", fixture);

    assertThat(r.stdout()).contains("1 input, 1 incident").contains("OOM / JVM_HEAP_VS_LIMIT");
  }

  @Test
  void catalogListsEverySignatureByCategory() throws Exception {
    CliProcess.Result r = CliProcess.run("", "catalog", "--output", "json");

    JsonNode list = Json.MAPPER.readTree(r.stdout());
    assertThat(list.size()).isGreaterThan(90);
    assertThat(list.findValuesAsText("category")).contains("ECS_EXEC", "IMAGE_PULL");
  }
}
