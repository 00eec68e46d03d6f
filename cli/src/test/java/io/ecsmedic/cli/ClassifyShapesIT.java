package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What engineers hold besides events, through the real jar: describe-* output and wrapped text. */
class ClassifyShapesIT {
  private static final String DESCRIBE_TASKS =
      """
      {"tasks": [
        {"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/prod/aaa", "group": "service:web",
         "lastStatus": "STOPPED", "stopCode": "ServiceSchedulerInitiated",
         "stoppedReason": "Scaling activity initiated by (deployment ecs-svc/1)",
         "startedBy": "ecs-svc/1", "containers": [{"name": "web", "exitCode": 0}]},
        {"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/prod/bbb", "group": "service:web",
         "lastStatus": "STOPPED", "stopCode": "EssentialContainerExited",
         "stoppedReason": "Essential container in task exited",
         "containers": [{"name": "web", "exitCode": 139}]}],
       "failures": []}
      """
          .replace("\n", " ");

  @Test
  void describeTasksIsOneLineOutThatNamesTheFailureAndCarriesEveryTasksFinding() throws Exception {
    CliProcess.Result r = CliProcess.run(DESCRIBE_TASKS + "\n", "classify", "-");

    assertThat(r.lines()).hasSize(1);
    JsonNode f = Json.MAPPER.readTree(r.lines().getFirst());
    assertThat(f.get("category").asText() + "/" + f.get("subcause").asText())
        .isEqualTo("APP_EXIT/EXIT_139_SEGFAULT");
    assertThat(f.get("resource").get("task").asText()).isEqualTo("bbb");
    assertThat(f.get("findings")).hasSize(2);
    assertThat(f.get("findings").get(0).get("category").asText()).isEqualTo("EXPECTED_STOP");
  }

  @Test
  void diagnoseListsEachStoppedTaskOfADescribeTasksOutput() throws Exception {
    CliProcess.Result r = CliProcess.run(DESCRIBE_TASKS + "\n", "diagnose", "-");

    assertThat(r.exit()).isZero();
    assertThat(r.stdout())
        .contains("2 incidents")
        .contains("EXPECTED_STOP")
        .contains("APP_EXIT / EXIT_139_SEGFAULT");
  }

  @Test
  void aCloudFormationMessageWrappedInTheMiddleOfAWordStillNamesItsCause() throws Exception {
    String wrapped =
        "Resource handler returned message: \"Error occurred during operation 'E\n"
            + "    CS Deployment Circuit Breaker was triggered'.\" (RequestToken: 121161f9\n"
            + "    -1c97-e3d5-b4d3-8328bb2b676c, HandlerErrorCode: GeneralServiceException)";
    String line = Json.MAPPER.createObjectNode().put("message", wrapped).toString();

    CliProcess.Result r = CliProcess.run(line + "\n", "classify", "-");

    JsonNode f = Json.MAPPER.readTree(r.lines().getFirst());
    assertThat(f.get("category").asText()).isEqualTo("DEPLOYMENT_FAILED");
    assertThat(f.get("subcause").asText()).isEqualTo("CIRCUIT_BREAKER");
  }

  @Test
  void aGuessIsLowConfidenceWithItsWordsAndUnknownStaysForTextWithoutFailureWords()
      throws Exception {
    String input =
        String.join(
                "\n",
                "{\"message\": \"the registry mirror returned a manifest digest we could not verify\"}",
                "{\"message\": \"lunch is at noon\"}")
            + "\n";

    List<String> lines = CliProcess.run(input, "classify", "-").lines();

    JsonNode guess = Json.MAPPER.readTree(lines.get(0));
    assertThat(guess.get("category").asText()).isEqualTo("IMAGE_PULL");
    assertThat(guess.get("confidence").asText()).isEqualTo("low");
    assertThat(guess.get("summary").asText()).startsWith("Likely");
    JsonNode unknown = Json.MAPPER.readTree(lines.get(1));
    assertThat(unknown.get("category").asText()).isEqualTo("UNKNOWN");
  }
}
