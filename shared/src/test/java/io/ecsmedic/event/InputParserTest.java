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

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      textBlock =
          """
          Essential container in task exited. Exit Code: 139 | 139
          "exitCode": 2 | 2
          exit status 1 | 1
          the docker container exits with 1 occasionally | 1
          exited with code 3 | 3
          Exited (137) 2 minutes ago | 137
          The Datadog Agent exits with a 137 status code. | 137
          killed with error code 139 | 139
          a big number of System Exit(1) events | 1
          Container exits immediately with code 1 | 1
          exit code 1. | 1
          """)
  void readsTheExitCodeInTheShapesPeopleWriteIt(String text, int code) {
    assertThat(InputParser.exitCodeIn(text)).isEqualTo(code);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"exit code 1234", "HTTP error code 403", "version 1.4.0", "exit code 1.5"})
  void aNumberThatCannotBeAnExitCodeIsNone(String text) {
    assertThat(InputParser.exitCodeIn(text)).isNull();
  }

  /**
   * Every pattern that reads untrusted text must run in linear time. A timer would be flaky on
   * shared machines, so this counts the characters each pattern reads on hostile inputs of two
   * sizes: linear means twice the input costs about twice the reads, and never more than a small
   * multiple of its length (a backtracking pattern reads quadratically: 43 s for one line of "exit
   * code" and 80,000 spaces before they were made possessive).
   */
  @org.junit.jupiter.api.Test
  void everyTextPatternReadsHostileInputInLinearTime() {
    java.util.List<java.util.function.IntFunction<String>> hostile =
        java.util.List.of(
            n -> "exit code" + " ".repeat(n),
            n -> "exit code:" + " ".repeat(n) + "x",
            n -> "service " + "a".repeat(n),
            n -> "(service " + "a".repeat(n),
            n -> ":service/" + "a".repeat(n) + "/",
            n -> "task-definition/" + "a".repeat(n),
            n -> "targetgroup/" + "a".repeat(n) + "/",
            n -> "exit code ".repeat(n / 10),
            n -> "service x ".repeat(n / 10),
            n -> "1".repeat(n) + " exit code",
            n -> "error code " + "9".repeat(n));
    for (java.util.regex.Pattern p : InputParser.textPatterns()) {
      for (var make : hostile) {
        long small = reads(p, make.apply(20_000));
        long large = reads(p, make.apply(40_000));
        String input = make.apply(20).substring(0, Math.min(20, make.apply(20).length()));
        assertThat(large)
            .as("/%s/ on %s…", p.pattern(), input)
            .isLessThanOrEqualTo(20L * 40_000 + 1000)
            .isLessThanOrEqualTo(3 * small + 1000);
      }
    }
  }

  private static long reads(java.util.regex.Pattern p, String text) {
    long[] count = {0};
    CharSequence counting =
        new CharSequence() {
          public int length() {
            return text.length();
          }

          public char charAt(int i) {
            count[0]++;
            return text.charAt(i);
          }

          public CharSequence subSequence(int a, int b) {
            return text.subSequence(a, b);
          }

          @Override
          public String toString() {
            return text;
          }
        };
    java.util.regex.Matcher m = p.matcher(counting);
    while (m.find()) {
      // every match, as the parser's first-match reads at most this much
    }
    return count[0];
  }
}
