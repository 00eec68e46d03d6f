package io.ecsmedic.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.event.InputParser;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import org.junit.jupiter.api.Test;

/** Rules of judgement that the corpus alone would not pin down. */
class ClassifierTest {
  private static final Classifier CLASSIFIER = Classifier.bundled();
  private final InputParser parser = new InputParser();

  private Finding classify(String json) throws Exception {
    return CLASSIFIER.classify(parser.parse(json));
  }

  private Finding message(String text) throws Exception {
    return classify(
        io.ecsmedic.json.Json.MAPPER.createObjectNode().put("message", text).toString());
  }

  private static String task(String stopCode, String reason, String containers) {
    return """
        {"id": "e-1", "detail-type": "ECS Task State Change", "source": "aws.ecs",
         "account": "123456789012", "region": "us-east-1",
         "detail": {"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/prod/abc",
                    "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
                    "group": "service:web", "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
                    "cpu": "256", "memory": "512", "stopCode": "%s", "stoppedReason": "%s",
                    "stoppingAt": "2025-01-01T00:00:00Z", "stoppedAt": "2025-01-01T00:00:31Z",
                    "containers": %s}}
        """
        .formatted(stopCode, reason, containers);
  }

  @Test
  void rootCauseBeatsSurfaceALoggingFailureInsideCannotStartContainerIsLogInit() throws Exception {
    Finding f =
        message(
            "CannotStartContainerError: Error response from daemon: failed to initialize logging"
                + " driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The"
                + " specified log group does not exist.");

    assertThat(f.category()).isEqualTo(Category.LOG_INIT);
    assertThat(f.subcause()).isEqualTo("LOG_GROUP_MISSING");
  }

  @Test
  void exit137WithOomReasonIsOom() throws Exception {
    Finding f =
        classify(
            task(
                "EssentialContainerExited",
                "Essential container in task exited",
                "[{\"name\": \"app\", \"exitCode\": 137, \"memory\": \"512\","
                    + " \"reason\": \"OutOfMemoryError: Container killed due to memory usage\"}]"));

    assertThat(f.category()).isEqualTo(Category.OOM);
    assertThat(f.subcause()).isEqualTo("CONTAINER_LIMIT");
    assertThat(f.summary()).startsWith("web: container app was killed");
  }

  @Test
  void exit137OnARequestedStopWithoutOomEvidenceIsNotOom() throws Exception {
    Finding f =
        classify(
            task(
                "ServiceSchedulerInitiated",
                "Scaling activity initiated by (deployment ecs-svc/1)",
                "[{\"name\": \"app\", \"exitCode\": 137}]"));

    assertThat(f.category()).isEqualTo(Category.EXIT_137_NON_OOM);
    assertThat(f.subcause()).isEqualTo("SIGTERM_IGNORED");
    assertThat(f.evidence())
        .anySatisfy(e -> assertThat(e.field()).isEqualTo("medic.stopGapSeconds"));
  }

  @Test
  void exit137WithNeitherOomEvidenceNorAStopRequestIsAPlainSigkill() throws Exception {
    Finding f =
        classify(
            task(
                "EssentialContainerExited",
                "Essential container in task exited",
                "[{\"name\": \"app\", \"exitCode\": 137}]"));

    assertThat(f.category()).isEqualTo(Category.EXIT_137_NON_OOM);
    assertThat(f.subcause()).isEqualTo("SIGKILL");
  }

  @Test
  void theSidecarKilledAfterTheAppExitedIsNotTheCulprit() throws Exception {
    Finding f =
        classify(
            task(
                "EssentialContainerExited",
                "Essential container in task exited",
                "[{\"name\": \"envoy\", \"exitCode\": 137}, {\"name\": \"app\", \"exitCode\": 1}]"));

    assertThat(f.category()).isEqualTo(Category.APP_EXIT);
    assertThat(f.subcause()).isEqualTo("EXIT_1");
    assertThat(f.resource().container()).isEqualTo("app");
  }

  @Test
  void matchesStableSubstringsWhateverTheServiceNameWording() throws Exception {
    for (String wording :
        new String[] {
          "(service web) (task 1a2b) failed container health checks.",
          "service (web) (task 1a2b) failed container health checks.",
          "service web (task 1a2b) failed container health checks."
        }) {
      Finding f = message(wording);
      assertThat(f.category()).as(wording).isEqualTo(Category.HEALTH_CHECK_CONTAINER);
      assertThat(f.resource().service()).as(wording).isEqualTo("web");
    }
  }

  @Test
  void unknownKeepsTheRawTextWithoutTerminalEscapes() throws Exception {
    Finding f = message("\u001B[31mQuantumFluxError: the flux capacitor drifted\u001B[0m");

    assertThat(f.category()).isEqualTo(Category.UNKNOWN);
    assertThat(f.signatureId()).isEqualTo("unknown");
    assertThat(f.raw()).contains("QuantumFluxError").doesNotContain("\u001B");
    assertThat(f.actions()).isEmpty();
  }

  @Test
  void proposedCommandsNeverCarryShellSyntaxFromTheEvent() throws Exception {
    Finding f =
        classify(
            task(
                "EssentialContainerExited",
                "Essential container in task exited",
                "[{\"name\": \"app;rm -rf /\", \"exitCode\": 137, \"memory\": \"512\","
                    + " \"reason\": \"OutOfMemoryError: Container killed due to memory usage\"}]"));

    assertThat(f.actions()).isNotEmpty();
    assertThat(f.actions())
        .allSatisfy(
            a -> assertThat(String.valueOf(a.command()) + a.snippet()).doesNotContain("rm -rf"));
  }

  @Test
  void tiesBetweenEqualPrioritiesGoToTheSmallerIdSoResultsAreStable() throws Exception {
    var a = signature("b.second", 50);
    var b = signature("a.first", 50);
    var classifier =
        new Classifier(
            SignatureCatalog.of(java.util.List.of(a, b)), io.ecsmedic.plan.Runbooks.defaults());

    Finding f = classifier.classify(parser.parse("{\"message\": \"boom\"}"));

    assertThat(f.signatureId()).isEqualTo("a.first");
  }

  private static Signature signature(String id, int priority) {
    return new Signature(
        id,
        Category.APP_EXIT,
        "OTHER",
        priority,
        "x",
        null,
        new TextRule(java.util.List.of(java.util.List.of("boom")), java.util.List.of(), null),
        null,
        null,
        java.util.List.of(),
        io.ecsmedic.model.Confidence.HIGH);
  }

  @Test
  void aSpecificSignatureIsHighConfidenceAndNamesAnotherCategoryThatAlsoFiredAsAnAlternative()
      throws Exception {
    Finding f =
        message(
            "CannotStartContainerError: Error response from daemon: failed to initialize logging"
                + " driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The"
                + " specified log group does not exist.");

    assertThat(f.category()).isEqualTo(Category.LOG_INIT);
    assertThat(f.confidence()).isEqualTo(io.ecsmedic.model.Confidence.HIGH);
    assertThat(f.alternatives())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.category()).isNotEqualTo(Category.LOG_INIT))
        .anySatisfy(a -> assertThat(a.category()).isEqualTo(Category.CANNOT_START));
    assertThat(f.alternatives().getFirst().why()).startsWith("signature start.");
  }

  @Test
  void anExitCodeWithNoReasonIsAppExitWithTheSignalSpelledOutAtMediumConfidence() throws Exception {
    Finding f = message("Essential container in task exited. Exit Code: 136");

    assertThat(f.category()).isEqualTo(Category.APP_EXIT);
    assertThat(f.confidence()).isEqualTo(io.ecsmedic.model.Confidence.HIGH);
    assertThat(f.summary()).contains("136").contains("SIGFPE");
  }

  @Test
  void textWithNoSignatureButFailureWordsIsALowConfidenceGuessThatSaysWhichWordsLedThere()
      throws Exception {
    Finding f =
        message("our registry mirror returned a manifest digest the puller could not verify");

    assertThat(f.category()).isEqualTo(Category.IMAGE_PULL);
    assertThat(f.confidence()).isEqualTo(io.ecsmedic.model.Confidence.LOW);
    assertThat(f.isGuess()).isTrue();
    assertThat(f.summary()).startsWith("Likely IMAGE_PULL");
    assertThat(f.evidence().getFirst().rule()).contains("manifest").contains("IMAGE_PULL");
    assertThat(f.actions())
        .as("a guess proposes what a person does, never an action the workflow could apply")
        .allSatisfy(a -> assertThat(a.type().automatable()).isFalse());
  }

  @Test
  void textWithNoFailureVocabularyStaysUnknown() throws Exception {
    Finding f = message("the quick brown fox jumps over the lazy dog");

    assertThat(f.category()).isEqualTo(Category.UNKNOWN);
    assertThat(f.confidence()).isEqualTo(io.ecsmedic.model.Confidence.LOW);
    assertThat(f.isGuess()).isFalse();
  }

  @Test
  void aPhraseMatchesAcrossATerminalWrapInTheMiddleOfAWord() throws Exception {
    Finding f =
        message(
            "Resource handler returned message: \"Error occurred during operation 'E\n"
                + "    CS Deployment Circuit Breaker was triggered'.\" (RequestToken: 1211\n"
                + "    61f9-1c97, HandlerErrorCode: GeneralServiceException)");

    assertThat(f.category() + "/" + f.subcause()).isEqualTo("DEPLOYMENT_FAILED/CIRCUIT_BREAKER");
  }

  @Test
  void theExecutionRoleCalledWhereTheTaskRoleWasMeantIsTheRoleMixUp() throws Exception {
    Finding f =
        message(
            "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when"
                + " calling the GetObject operation: User:"
                + " arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/8f1e2d is not"
                + " authorized to perform: s3:GetObject");

    assertThat(f.category() + "/" + f.subcause()).isEqualTo("TASK_DEFINITION_INVALID/ROLE");
    assertThat(f.actions().getFirst().title()).containsIgnoringCase("task role");
  }

  @Test
  void aRejectedFargatePairIsAnsweredWithTheNearestValidPairFromTheRequestsOwnValues()
      throws Exception {
    Finding f =
        message(
            "ClientException: No Fargate configuration exists for given values: 512 CPU, 8192"
                + " memory. See the Amazon ECS documentation for the valid values.");

    assertThat(f.subcause()).isEqualTo("FARGATE_CPU_MEMORY");
    assertThat(f.summary()).contains("cpu 1024 with 8192 MiB (asked: cpu 512 with 8192 MiB)");
  }

  @Test
  void aStoppedTaskWhoseContainerExitedNonZeroWithNoReasonIsAnAppExit() throws Exception {
    Finding f =
        classify(
            "{\"detail-type\": \"ECS Task State Change\", \"detail\": {\"lastStatus\":"
                + " \"STOPPED\", \"containers\": [{\"name\": \"app\", \"exitCode\": 139}]}}");

    assertThat(f.category() + "/" + f.subcause()).isEqualTo("APP_EXIT/EXIT_139_SEGFAULT");
    assertThat(f.evidence())
        .anySatisfy(e -> assertThat(e.rule()).contains("note: absent"))
        .as("the missing taskArn is noted, not a reason to reject");
  }
}
