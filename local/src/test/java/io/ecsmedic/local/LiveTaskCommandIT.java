package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;

/**
 * {@code classify --task-arn} and {@code diagnose --task-arn} as an engineer runs them: the
 * packaged CLI reads a stopped task from ECS (the emulator) through the real SDK and the default
 * credential chain, and classifies it like a pasted describe-tasks output. The emulator records the
 * stoppedReason StopTask is given, so the test stops its task with a real ECS reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveTaskCommandIT {
  static final String CLUSTER = "live-task";
  LocalAws aws;
  String stoppedArn;

  @BeforeAll
  void seed() {
    aws = LocalAws.fromEnv(System.getenv());
    try (EcsClient ecs = aws.client(EcsClient.builder())) {
      ecs.createCluster(r -> r.clusterName(CLUSTER));
      String td =
          ecs.registerTaskDefinition(
                  r ->
                      r.family("live-task-app")
                          .containerDefinitions(c -> c.name("app").image("nginx").memory(128)))
              .taskDefinition()
              .taskDefinitionArn();
      stoppedArn =
          ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition(td).launchType(LaunchType.EC2))
              .tasks()
              .getFirst()
              .taskArn();
      ecs.stopTask(
          r ->
              r.cluster(CLUSTER)
                  .task(stoppedArn)
                  .reason(
                      "CannotPullContainerError: pull image manifest has been retried 5 time(s):"
                          + " failed to resolve ref docker.io/library/app:2025.06.2-hotfx: not found"));
    }
  }

  /** The packaged CLI with no region set: it must come from the task ARN or --region. */
  PackagedCli.Run cli(String... args) throws Exception {
    return PackagedCli.run(aws, true, args);
  }

  @Test
  void classifyReadsTheTaskFromEcsAndNamesItsCause() throws Exception {
    PackagedCli.Run r = cli("classify", "--task-arn", stoppedArn);

    assertThat(r.exit()).as(r.stderr()).isZero();
    JsonNode f = Json.MAPPER.readTree(r.stdout().strip());
    assertThat(f.get("category").asText() + "/" + f.get("subcause").asText())
        .isEqualTo("IMAGE_PULL/IMAGE_NOT_FOUND");
    assertThat(f.get("taskArn").asText()).isEqualTo(stoppedArn);
    assertThat(f.get("resource").get("cluster").asText()).isEqualTo(CLUSTER);
  }

  @Test
  void aTaskEcsNoLongerReturnsIsOneErrorLineAndExitStatusTwo() throws Exception {
    String gone = stoppedArn.substring(0, stoppedArn.lastIndexOf('/') + 1) + "0123456789abcdef";

    PackagedCli.Run r = cli("classify", "--task-arn", gone, "--task-arn", stoppedArn);

    assertThat(r.exit()).isEqualTo(2);
    List<String> lines = r.stdout().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(Json.MAPPER.readTree(lines.get(0)).get("error").asText())
        .contains("does not return task")
        .contains("about an hour");
    assertThat(Json.MAPPER.readTree(lines.get(1)).get("category").asText()).isEqualTo("IMAGE_PULL");
  }

  @Test
  void diagnoseReadsTheTaskToo() throws Exception {
    PackagedCli.Run r = cli("diagnose", "--task-arn", stoppedArn);

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("IMAGE_PULL / IMAGE_NOT_FOUND")
        .contains("--cluster " + CLUSTER);
  }

  @Test
  void aNonTaskArnIsRefusedWithWhatIsExpected() throws Exception {
    PackagedCli.Run r = cli("classify", "--task-arn", "not-an-arn", "--region", "us-east-1");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stdout()).contains("arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID");
  }
}
