package io.ecsmedic.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WhatChangedSectionTest {
  static final List<String> LINES =
      List.of(
          "Started after deployment ecs-svc/42 (image 2025.06.1 → 2025.06.2, env +DATABASE_URL) by"
              + " role/ci-deployer, 4 min before the first failure",
          "  - env +DATABASE_URL (app) <!channel>");

  @Test
  void theTextSectionListsEveryLineUnderItsTitle() {
    assertThat(AlertText.whatChanged(LINES))
        .startsWith("What changed:\n  Started after deployment ecs-svc/42")
        .contains("\n    - env +DATABASE_URL (app)")
        .endsWith("\n\n");
    assertThat(AlertText.whatChanged(List.of())).isEmpty();
  }

  @Test
  void theSlackSectionEscapesWhatItQuotes() {
    String text = SlackBlocks.whatChanged(LINES).path("text").path("text").asText();
    assertThat(text).startsWith("*What changed*\nStarted after deployment ecs-svc/42");
    assertThat(text).contains("&lt;!channel&gt;").doesNotContain("<!channel>");
  }
}
