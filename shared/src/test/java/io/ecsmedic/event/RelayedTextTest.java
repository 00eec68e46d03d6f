package io.ecsmedic.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text as it arrives, and what the rules read. */
class RelayedTextTest {
  @Test
  void plainTextIsReturnedAsItIsWithoutACopy() {
    String reason = "CannotPullContainerError: pull image manifest has been retried 5 time(s)";
    assertThat(RelayedText.clean(reason)).isSameAs(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          terminal wrap keeps both halves | 'Circuit Breaker was trig\\n    gered' | 'Circuit Breaker was trig gered'
          Terraform box drawing | '│ Error: waiting for ECS Service\\n│ \\n│   with aws_ecs_service.main' | 'Error: waiting for ECS Service with aws_ecs_service.main'
          status glyphs | '✘ deploy service api: ▶ failed' | 'deploy service api: failed'
          JSON escapes | 'reason: \\\\"CannotPullContainerError\\\\"\\\\n next' | 'reason: "CannotPullContainerError" next'
          twice-escaped quotes | 'a \\\\\\\\\\\\"quoted\\\\\\\\\\\\" word' | 'a "quoted" word'
          leading timestamps | '2024-05-01T10:00:00.123Z first\\n2024-05-01T10:00:01.000Z second' | 'first second'
          GitHub error prefix | '##[error]Resource is not in the state servicesStable' | 'Resource is not in the state servicesStable'
          quote markers | '> CannotPullContainerError: x\\n> more' | 'CannotPullContainerError: x more'
          Markdown code quotes | 'fails with `502` error' | 'fails with 502 error'
          white space runs | 'exit code         137' | 'exit code 137'
          colours | '\\u001b[31mERROR\\u001b[0m out of memory' | 'ERROR out of memory'
          typographic apostrophe | 'The task can’t pull the image' | 'The task can''t pull the image'
          """)
  void undoesWhatRelayingDid(String what, String input, String expected) {
    assertThat(RelayedText.clean(unescapeTestLiteral(input))).as(what).isEqualTo(expected);
  }

  @Test
  void aLoneTrailingBackslashOrABadUnicodeEscapeIsKept() {
    assertThat(RelayedText.clean("path C:\\")).isEqualTo("path C:\\");
    assertThat(RelayedText.clean("bad \\uZZZZ escape")).isEqualTo("bad \\uZZZZ escape");
  }

  @Test
  void aMillionSpacesFoldIntoOne() {
    String text = "exit code" + " ".repeat(1_000_000) + "137";
    assertThat(RelayedText.clean(text)).isEqualTo("exit code 137");
  }

  /** CSV cells hold \n and \\u001b as two characters; turn them into what a terminal sends. */
  private static String unescapeTestLiteral(String s) {
    return s.replace("\\\\", "\u0000")
        .replace("\\n", "\n")
        .replace("\\u001b", "\u001b")
        .replace("\u0000", "\\");
  }
}
