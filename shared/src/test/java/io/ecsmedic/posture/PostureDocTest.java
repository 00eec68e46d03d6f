package io.ecsmedic.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/posture.md lists the catalogue: its rule table is this test's rendering of {@link
 * PostureRules#ALL}, so a rule added, re-worded or re-sourced without the page fails the build (the
 * message holds the table to paste).
 */
class PostureDocTest {
  static String table() {
    StringBuilder out = new StringBuilder();
    out.append("| rule | severity | what should hold | why | source | workflow action |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (PostureRule r : PostureRules.ALL) {
      out.append("| `")
          .append(r.id())
          .append("` | ")
          .append(r.severity())
          .append(" | ")
          .append(r.title())
          .append(" | ")
          .append(r.why())
          .append(" | [AWS docs](")
          .append(r.source())
          .append(") | ")
          .append(r.action() == null ? "–" : "`" + r.action() + "`")
          .append(" |\n");
    }
    return out.toString();
  }

  @Test
  void thePageListsEveryRuleWithItsSourceAndAction() throws Exception {
    Path page = Fixtures.repositoryRoot().resolve("docs/posture.md");

    assertThat(Files.readString(page))
        .as("docs/posture.md must hold this table:\n" + table())
        .contains(table());
  }
}
