package io.ecsmedic.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecondStageTest {
  private final Classifier classifier = Classifier.bundled();
  private final SecondStage second = new SecondStage(classifier);

  private static JsonNode exit1() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(root.resolve("events"))) {
      root = root.getParent();
    }
    return Json.MAPPER.readTree(root.resolve("events/task-state-change/app-exit-1.json").toFile());
  }

  private Finding first(JsonNode event) throws Exception {
    return classifier.classify(new InputParser().parse(event));
  }

  @Test
  void aLogLineRefinesTheSubCauseAndIsQuotedAsEvidence() throws Exception {
    JsonNode event = exit1();
    Finding first = first(event);
    LogExcerpt lines =
        LogExcerpt.read(
            "app",
            "awslogs g s",
            List.of(
                "Caused by: java.net.UnknownHostException: orders-db.internal: Name or service"
                    + " not known",
                "\tat java.base/java.net.InetAddress.getAllByName0(InetAddress.java:1670)"),
            20,
            4096);

    Finding refined = second.refine(event, first, lines);

    assertThat(first.subcause()).isEqualTo("EXIT_1");
    assertThat(refined.category()).isEqualTo(Category.APP_EXIT);
    assertThat(refined.subcause()).isEqualTo("DNS_FAILURE");
    assertThat(refined.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo("logTail[0]");
              assertThat(e.value()).contains("UnknownHostException: orders-db.internal");
            });
  }

  @Test
  void linesTheCatalogueDoesNotKnowLeaveTheFirstStageFinding() throws Exception {
    JsonNode event = exit1();
    Finding first = first(event);

    assertThat(second.refine(event, first, LogExcerpt.read("app", "w", List.of("bye"), 20, 4096)))
        .isSameAs(first);
    assertThat(
            second.refine(
                event, first, LogExcerpt.none(LogExcerpt.Status.TIMED_OUT, "app", "w", "late")))
        .isSameAs(first);
  }
}
