package io.ecsmedic.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.evidence.LogExcerpt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The container's last words as e-mail text and as a Slack block, within Slack's limits. */
class LastWordsRenderingTest {
  private final LogExcerpt excerpt =
      LogExcerpt.read(
          "app",
          "awslogs /ecs/orders ecs/app/fd05",
          List.of("Exception in thread \"main\" java.lang.IllegalStateException: <boom> & ```x"),
          20,
          4096);

  @Test
  void textShowsTheTitleThenTheLinesIndented() {
    assertThat(AlertText.lastWords(excerpt))
        .isEqualTo(
            "Last 1 log lines of app (redacted):\n"
                + "  | Exception in thread \"main\" java.lang.IllegalStateException: <boom> & ```x\n");
    assertThat(AlertText.evidenceRecord("s3://b/incidents/i-1.json"))
        .isEqualTo("Evidence: s3://b/incidents/i-1.json (ecs-medic show INCIDENT)\n");
  }

  @Test
  void slackShowsACodeBlockEscapedAndCutWithinItsLimit() {
    ObjectNode block = SlackBlocks.lastWords(excerpt);
    String text = block.at("/text/text").asText();

    assertThat(text)
        .startsWith("*Last 1 log lines of app (redacted)*\n```")
        .contains("&lt;boom&gt; &amp; ``\u200B`x")
        .endsWith("```");

    List<String> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add("\tat com.example.orders.Frame" + i + ".call(Frame.java:" + i + ")");
    }
    String long_ =
        SlackBlocks.lastWords(LogExcerpt.read("app", "w", many, 200, 100_000))
            .at("/text/text")
            .asText();
    assertThat(long_.length()).isLessThanOrEqualTo(3000);
    assertThat(long_).endsWith("…```");
  }

  @Test
  void anExcerptWithoutLinesIsItsTitleOnly() {
    LogExcerpt timedOut =
        LogExcerpt.none(LogExcerpt.Status.TIMED_OUT, "app", null, "not read within 2000 ms");

    assertThat(SlackBlocks.lastWords(timedOut).at("/text/text").asText())
        .isEqualTo("*Log lines of app not read: not read within 2000 ms*");
  }
}
