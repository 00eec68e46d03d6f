package io.ecsmedic.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogExcerptTest {

  @Test
  void keepsTheNewestLinesWithinTheLineAndByteCapsRedacted() {
    List<String> raw = List.of("one\n", "two", "DB_PASSWORD=hunter2", "four");

    LogExcerpt e = LogExcerpt.read("api", "awslogs g s", raw, 3, 1000);

    assertThat(e.status()).isEqualTo(LogExcerpt.Status.READ);
    assertThat(e.lines()).containsExactly("two", "DB_PASSWORD=[REDACTED]", "four");
    assertThat(e.cut()).isEqualTo(1);
    assertThat(e.title()).isEqualTo("Last 3 log lines of api (redacted), 1 older not shown");
    assertThat(LogExcerpt.read("api", "w", raw, 10, 12).lines()).containsExactly("four");
  }

  @Test
  void anEmptyStreamSaysSoAndTheJsonRoundTrips() {
    LogExcerpt empty = LogExcerpt.read("api", "w", List.of(), 20, 4096);
    LogExcerpt read = LogExcerpt.read("api", "w", List.of("x"), 20, 4096);

    assertThat(empty.status()).isEqualTo(LogExcerpt.Status.EMPTY);
    assertThat(LogExcerpt.fromJson(read.toJson())).isEqualTo(read);
    assertThat(LogExcerpt.fromJson(empty.toJson())).isEqualTo(empty);
  }

  @Test
  void theLogConfigurationSaysWhereTheLinesAre() {
    LogLocation awslogs =
        LogLocation.of(
            "awslogs",
            Map.of("awslogs-group", "/ecs/orders", "awslogs-stream-prefix", "ecs"),
            "api",
            "0f3c");
    assertThat(awslogs.readable()).isTrue();
    assertThat(awslogs.stream()).isEqualTo("ecs/api/0f3c");
    assertThat(LogLocation.of("awsfirelens", Map.of("Name", "datadog"), "api", "0f3c").where())
        .startsWith("FireLens (output datadog)");
    assertThat(LogLocation.of("splunk", Map.of("splunk-token", "t"), "api", "0f3c").where())
        .doesNotContain("t,")
        .startsWith("Splunk");
    assertThat(LogLocation.of("awslogs", Map.of("awslogs-group", "/g"), "api", "0f3c").readable())
        .isFalse();
    assertThat(LogLocation.of(null, Map.of(), "api", "0f3c").where())
        .contains("no log configuration");
  }
}
