package io.ecsmedic.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.notify.AlertText;
import io.ecsmedic.workflow.Enrichment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proposal shows the container's last words as the alert did. */
class ProposalLastWordsTest {

  private static Enrichment withLastLog(Enrichment.LastLog lastLog) {
    return new Enrichment(
        true,
        null,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(
            new Enrichment.StoppedTask(
                "arn:aws:ecs:us-east-1:123456789012:task/prod/fd05",
                "EssentialContainerExited",
                "Essential container in task exited",
                List.of(),
                lastLog)),
        null,
        List.of());
  }

  @Test
  void theNewestLinesOfTheNewestStoppedTaskAreShownRedacted() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      lines.add("line " + i);
    }
    lines.add("DB_PASSWORD=hunter2");

    LogExcerpt e =
        ProposalLastWords.of(withLastLog(new Enrichment.LastLog("ecs/app/fd05", lines)))
            .orElseThrow();

    assertThat(e.container()).isEqualTo("app");
    assertThat(e.lines())
        .hasSize(ProposalLastWords.MAX_LINES)
        .last()
        .isEqualTo("DB_PASSWORD=[REDACTED]");
    assertThat(AlertText.lastWords(e))
        .startsWith("Last 10 log lines of app (redacted), 6 older not shown:\n  | line 6\n");
  }

  @Test
  void noLinesNoSection() {
    assertThat(ProposalLastWords.of(withLastLog(new Enrichment.LastLog("ecs/app/fd05", List.of()))))
        .isEmpty();
    assertThat(ProposalLastWords.of(withLastLog(null))).isEmpty();
    assertThat(ProposalLastWords.of(null)).isEmpty();
  }
}
