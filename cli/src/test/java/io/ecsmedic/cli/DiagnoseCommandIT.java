package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The human report of {@code diagnose}, through the real jar. */
class DiagnoseCommandIT {
  private static final String SCENARIO = Fixtures.scenario().toString();

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
    String fixture = Fixtures.path("task-state-change/oom-jvm-heap-vs-limit.json").toString();

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

  @Test
  void pagedIncidentsComeBeforeLabelsWhateverTheirOrderInTheInput() throws Exception {
    String scenario = Fixtures.scenario().toString();

    CliProcess.Result r = CliProcess.run("", "diagnose", scenario);

    List<String> heads = r.stdout().lines().filter(l -> l.matches("\\[\\d+\\] .*")).toList();
    assertThat(heads).isNotEmpty();
    int firstLabel = heads.size();
    for (int i = 0; i < heads.size(); i++) {
      if (heads.get(i).contains("(label only, not paged)")) {
        firstLabel = Math.min(firstLabel, i);
      } else {
        assertThat(i).as("paged incident after a label: %s", heads).isLessThan(firstLabel);
      }
    }
    assertThat(r.stdout()).doesNotContain(" 1 inputs").doesNotContain(" 1 incidents");
  }

  @Test
  void catalogFiltersACategoryInAnyCaseAndNamesTheChoicesForAWrongOne() throws Exception {
    CliProcess.Result ok = CliProcess.run("", "catalog", "--category", "image_pull");
    CliProcess.Result wrong = CliProcess.run("", "catalog", "--category", "imagepull");

    assertThat(ok.exit()).isZero();
    assertThat(ok.stdout())
        .contains("IMAGE_PULL")
        .doesNotContain("OOM\n")
        .contains("in 1 category.");
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.stderr()).contains("no category \"imagepull\"").contains("IMAGE_PULL");
  }

  @Test
  void theRegionComesFromAwsDefaultRegionOrTheProfileAsForTheAwsCli(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("config");
    Files.writeString(config, "[profile on-call]\nregion = eu-west-3\n");
    java.util.Map<String, String> noRegion = new java.util.HashMap<>();
    noRegion.put("AWS_REGION", null);
    noRegion.put("AWS_DEFAULT_REGION", null);
    noRegion.put("AWS_PROFILE", null);
    noRegion.put("AWS_CONFIG_FILE", config.toString());
    byte[] none = new byte[0];

    CliProcess.Result missing =
        CliProcess.run(none, noRegion, "history", "--cluster", "prod", "--table", "audit");
    CliProcess.Result fromProfile =
        CliProcess.run(
            none, noRegion, "classify", "--task-arn", "not-an-arn", "--profile", "on-call");
    noRegion.put("AWS_DEFAULT_REGION", "eu-west-3");
    CliProcess.Result fromDefault = CliProcess.run(none, noRegion, "classify", "--task-arn", "x");

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.stderr())
        .contains("no region")
        .contains("AWS_DEFAULT_REGION")
        .contains("~/.aws/config");
    // With a region the command gets as far as reading the ARN, which it refuses on its own terms.
    assertThat(fromProfile.stdout()).contains("must be a task ARN");
    assertThat(fromDefault.stdout()).contains("must be a task ARN");
  }

  @Test
  void aMissingFileIsOneErrorLineAndNoEmptyReport() throws Exception {
    CliProcess.Result r = CliProcess.run("", "diagnose", "no-such-file.json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEqualTo("ecs-medic diagnose: no-such-file.json: no such file\n");
  }
}
