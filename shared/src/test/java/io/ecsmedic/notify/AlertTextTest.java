package io.ecsmedic.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.model.Finding;
import org.junit.jupiter.api.Test;

class AlertTextTest {
  private static final Classifier CLASSIFIER = Classifier.bundled();

  private static Finding message(String text) throws Exception {
    return CLASSIFIER.classify(
        new InputParser()
            .parse(
                io.ecsmedic.json.Json.MAPPER.createObjectNode().put("message", text).toString()));
  }

  @Test
  void aGuessSaysLikelyAndPagesLikeACertainFinding() throws Exception {
    Finding guess = message("the registry mirror returned a manifest digest we could not verify");

    assertThat(AlertText.headline(guess)).startsWith("likely IMAGE_PULL / ");
    assertThat(guess.category().pages()).isTrue();
  }

  @Test
  void aSignatureFindingSaysItPlainly() throws Exception {
    Finding f =
        message("CannotPullContainerError: toomanyrequests: You have reached your pull rate limit");

    assertThat(AlertText.headline(f)).startsWith("IMAGE_PULL / RATE_LIMIT");
  }
}
