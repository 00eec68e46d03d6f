package io.ecsmedic.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmedic.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON engineers hold besides events: describe-* output, console objects, pasted JSON. */
class DocumentShapesTest {
  private final InputParser parser = new InputParser();

  private static final String STOPPED =
      """
      {"taskArn": "arn:aws:ecs:eu-west-1:111122223333:task/prod/%s",
       "clusterArn": "arn:aws:ecs:eu-west-1:111122223333:cluster/prod", "group": "service:api",
       "lastStatus": "STOPPED", "stopCode": "EssentialContainerExited",
       "stoppedReason": "%s", "stoppingAt": 1709294400.0, "stoppedAt": 1709294431.5,
       "containers": [{"name": "app", "exitCode": %d, "lastStatus": "STOPPED"}]}
      """;

  @Test
  void describeTasksGivesOneInputPerStoppedTaskReadAsItsTaskEvent() throws Exception {
    String running =
        "{\"taskArn\": \"arn:aws:ecs:eu-west-1:111122223333:task/prod/r1\", \"lastStatus\":"
            + " \"RUNNING\", \"containers\": []}";
    String json =
        "{\"tasks\": ["
            + STOPPED.formatted("t1", "Essential container in task exited", 1)
            + ","
            + running
            + ","
            + STOPPED.formatted("t2", "Essential container in task exited", 137)
            + "], \"failures\": []}";

    List<EcsInput> inputs = parser.parseAll(json);

    assertThat(inputs).hasSize(2);
    assertThat(inputs).allSatisfy(i -> assertThat(i.kind()).isEqualTo(InputKind.TASK_STATE_CHANGE));
    assertThat(inputs.get(0).resource().task()).isEqualTo("t1");
    assertThat(inputs.get(0).resource().service()).isEqualTo("api");
    assertThat(inputs.get(0).resource().region()).isEqualTo("eu-west-1");
    assertThat(inputs.get(1).facts().path("exitCode").asInt()).isEqualTo(137);
    // epoch seconds, as the AWS CLI prints them with some settings, still give the stop gap
    assertThat(inputs.get(1).facts().path("stopGapSeconds").asDouble()).isEqualTo(31.5);
  }

  @Test
  void aConsoleTaskObjectIsOneTaskInput() throws Exception {
    List<EcsInput> inputs =
        parser.parseAll(STOPPED.formatted("t3", "Task failed container health checks", 137));

    assertThat(inputs)
        .singleElement()
        .satisfies(i -> assertThat(i.resource().task()).isEqualTo("t3"));
  }

  @Test
  void describeServicesReadsTheEventsSinceTheLastSteadyStateNewestFirst() throws Exception {
    String json =
        """
        {"services": [{"serviceName": "api",
          "serviceArn": "arn:aws:ecs:eu-west-1:111122223333:service/prod/api",
          "clusterArn": "arn:aws:ecs:eu-west-1:111122223333:cluster/prod",
          "deployments": [{"rolloutState": "FAILED",
                           "rolloutStateReason": "ECS deployment circuit breaker: tasks failed to start."}],
          "events": [
            {"message": "(service api) has started 1 tasks: (task abc)."},
            {"message": "(service api) deployment ecs-svc/1 deployment failed: tasks failed to start."},
            {"message": "(service api) has reached a steady state."},
            {"message": "(service api) was unable to place a task because no container instance met all of its requirements."}
          ]}]}
        """;

    EcsInput input = parser.parseAll(json).getFirst();

    assertThat(input.resource().service()).isEqualTo("api");
    assertThat(input.resource().cluster()).isEqualTo("prod");
    assertThat(input.texts())
        .extracting(TextField::path)
        .containsExactly(
            "services[0].deployments[0].rolloutStateReason",
            "services[0].events[0].message",
            "services[0].events[1].message");
  }

  @Test
  void aServiceThatIsSteadyNowIsItsSteadyStateAlone() throws Exception {
    String json =
        "{\"services\": [{\"serviceName\": \"api\", \"events\": [{\"message\": \"(service api)"
            + " has reached a steady state.\"}, {\"message\": \"(service api) was unable to place"
            + " a task.\"}]}]}";

    assertThat(parser.parseAll(json).getFirst().texts()).hasSize(1);
  }

  @Test
  void aDeploymentEventDetailIsReadAsItsEvent() throws Exception {
    EcsInput input =
        parser
            .parseAll(
                "{\"eventType\": \"ERROR\", \"eventName\": \"SERVICE_DEPLOYMENT_FAILED\","
                    + " \"deploymentId\": \"ecs-svc/1\", \"reason\": \"ECS deployment circuit"
                    + " breaker: task failed to start.\"}")
            .getFirst();

    assertThat(input.kind()).isEqualTo(InputKind.DEPLOYMENT_STATE_CHANGE);
  }

  @Test
  void jsonPastedInsideAMessageIsReadAsThatDocument() throws Exception {
    String task = STOPPED.formatted("t4", "Essential container in task exited", 139);
    String message = Json.MAPPER.createObjectNode().put("message", task).toString();

    EcsInput input = parser.parse(message);

    assertThat(input.kind()).isEqualTo(InputKind.TASK_STATE_CHANGE);
    assertThat(input.facts().path("exitCode").asInt()).isEqualTo(139);
  }

  @Test
  void aMessageThatOnlyLooksLikeJsonIsReadAsText() throws Exception {
    EcsInput input = parser.parse("{\"message\": \"{not json at all}\"}");

    assertThat(input.kind()).isEqualTo(InputKind.MESSAGE);
    assertThat(input.texts().getFirst().value()).isEqualTo("{not json at all}");
  }

  @Test
  void aByteOrderMarkIsAccepted() throws Exception {
    assertThat(
            parser.parse("\uFEFF{\"message\": \"exit code 1\"}").facts().path("exitCode").asInt())
        .isEqualTo(1);
  }

  @Test
  void emptyOrMisshapenOutputsSayWhatIsWrong() {
    assertThatThrownBy(
            () -> parser.parseAll("{\"tasks\": [], \"failures\": [{\"reason\": \"MISSING\"}]}"))
        .hasMessageContaining("no tasks");
    assertThatThrownBy(() -> parser.parseAll("{\"tasks\": [\"t1\"]}"))
        .hasMessageContaining("tasks[0]");
    assertThatThrownBy(
            () -> parser.parseAll("{\"tasks\": [{\"taskArn\": \"a\", \"containers\": 5}]}"))
        .hasMessageContaining("tasks[0].containers");
    assertThatThrownBy(
            () -> parser.parseAll("{\"services\": [{\"serviceName\": \"api\", \"events\": []}]}"))
        .hasMessageContaining("services[0].events");
  }
}
