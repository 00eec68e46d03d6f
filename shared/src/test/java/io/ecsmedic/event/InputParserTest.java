package io.ecsmedic.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InputParserTest {
  private final InputParser parser = new InputParser();

  @Test
  void namesTheMissingFieldAndTheEventId() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    "{\"id\": \"ev-42\", \"detail-type\": \"ECS Deployment State Change\","
                        + " \"detail\": {}}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "missing field \"detail.eventName\" in ECS Deployment State Change event (event id"
                + " ev-42)");
  }

  @Test
  void listsTheAcceptedDetailTypesForAnUnsupportedOne() {
    assertThatThrownBy(
            () -> parser.parse("{\"detail-type\": \"EC2 Spot Instance Interruption Warning\"}"))
        .hasMessageContaining("unsupported detail-type")
        .hasMessageContaining("ECS Task State Change");
  }

  @Test
  void neverEchoesTheWholeEventInAnError() {
    String secret = "hunter2-super-secret";
    assertThatThrownBy(
            () ->
                parser.parse(
                    "{\"id\": \"x\", \"detail-type\": \"ECS Task State Change\", \"detail\":"
                        + " {\"lastStatus\": \"STOPPED\", \"containers\": \"app\","
                        + " \"overrides\": {\"containerOverrides\":"
                        + " [{\"environment\": [{\"name\": \"DB_PASSWORD\", \"value\": \""
                        + secret
                        + "\"}]}]}}}"))
        .hasMessageContaining("detail.containers")
        .hasMessageNotContaining(secret);
  }

  @Test
  void derivesTheStopGapExitCodeAndRequestedStop() throws Exception {
    EcsInput input =
        parser.parse(
            """
            {"detail-type": "ECS Task State Change", "detail": {
              "taskArn": "arn:aws:ecs:us-east-1:1:task/c/t", "lastStatus": "STOPPED",
              "stopCode": "UserInitiated", "stoppingAt": "2025-01-01T00:00:00.000Z",
              "stoppedAt": "2025-01-01T00:00:12.500Z",
              "containers": [{"name": "app", "exitCode": 137}]}}
            """);

    assertThat(input.facts().get("stopGapSeconds").asDouble()).isEqualTo(12.5);
    assertThat(input.facts().get("exitCode").asInt()).isEqualTo(137);
    assertThat(input.facts().get("stopRequested").asBoolean()).isTrue();
    assertThat(input.facts().get("oom").asBoolean()).isFalse();
  }

  @Test
  void readsEcsTimestampsWithAndWithoutFractionsAndOtherOffsets() {
    assertThat(InputParser.epochMillis("2025-01-01T00:00:12.5Z")).isEqualTo(1735689612500L);
    assertThat(InputParser.epochMillis("2025-01-01T00:00:12Z")).isEqualTo(1735689612000L);
    assertThat(InputParser.epochMillis("2025-01-01T00:00:12.123456Z")).isEqualTo(1735689612123L);
    assertThat(InputParser.epochMillis("2025-01-01T01:00:12+01:00")).isEqualTo(1735689612000L);
    assertThat(InputParser.epochMillis("2025-13-01T00:00:12Z")).isNull();
    assertThat(InputParser.epochMillis("yesterday")).isNull();
  }

  @Test
  void readsExitCodesAndServiceNamesFromPastedText() throws Exception {
    EcsInput input =
        parser.parse(
            "{\"message\": \"(service checkout) task 1 stopped: Essential container in task"
                + " exited, Exit Code: 139\"}");

    assertThat(input.facts().get("exitCode").asInt()).isEqualTo(139);
    assertThat(input.facts().get("essentialExited").asBoolean()).isTrue();
    assertThat(input.resource().service()).isEqualTo("checkout");
  }

  @Test
  void acceptsAHundredKilobyteMessage() throws Exception {
    String big = "x".repeat(100_000) + " CannotPullContainerError";
    EcsInput input = parser.parse("{\"message\": \"" + big + "\"}");

    assertThat(input.texts().getFirst().value()).hasSize(big.length());
  }

  @Test
  void rejectsAnEmptyMessage() {
    assertThatThrownBy(() -> parser.parse("{\"message\": \"  \"}"))
        .hasMessageContaining("\"message\" is empty");
  }
}
