package io.ecsmedic.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmedic.event.InputParser;
import io.ecsmedic.event.InvalidInputException;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import io.ecsmedic.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture in events/README.md classifies as its row says; every invalid one is rejected. */
class FixtureClassificationTest {
  private static final Classifier CLASSIFIER = Classifier.bundled();
  private final InputParser parser = new InputParser();

  static Stream<Fixtures.Row> valid() {
    return Fixtures.valid();
  }

  static Stream<Fixtures.Row> invalid() {
    return Fixtures.invalid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void classifiesFixtureAsItsManifestRowSays(Fixtures.Row row) throws Exception {
    Finding finding = CLASSIFIER.classify(parser.parse(Fixtures.read(row.fixture())));

    assertThat(finding.category().name() + "/" + finding.subcause())
        .as("%s (signature %s: %s)", row.fixture(), finding.signatureId(), finding.evidence())
        .isEqualTo(row.category() + "/" + row.subcause());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void explainsEveryFindingWithEvidenceAndARunbook(Fixtures.Row row) throws Exception {
    Finding finding = CLASSIFIER.classify(parser.parse(Fixtures.read(row.fixture())));

    if (finding.category() == Category.UNKNOWN) {
      assertThat(finding.evidence()).isEmpty();
      assertThat(finding.raw()).as("UNKNOWN keeps the raw text").isNotBlank();
    } else {
      assertThat(finding.evidence()).isNotEmpty();
      assertThat(finding.summary()).isNotBlank().doesNotContain("{");
    }
    assertThat(finding.runbook())
        .endsWith(finding.category().name() + ".md#" + finding.subcause().toLowerCase());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsInvalidFixtureNamingWhatIsWrong(Fixtures.Row row) {
    assertThatThrownBy(() -> parser.parse(Fixtures.read(row.fixture())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(row.subcause());
  }
}
