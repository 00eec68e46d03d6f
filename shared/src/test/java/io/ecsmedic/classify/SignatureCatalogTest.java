package io.ecsmedic.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import io.ecsmedic.testing.Fixtures;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalogue and the corpus keep each other honest. */
class SignatureCatalogTest {
  private final SignatureCatalog catalog = SignatureCatalog.bundled();

  @Test
  void everySignatureIsHitByAtLeastOneFixture() throws Exception {
    Classifier classifier = new Classifier(catalog, io.ecsmedic.plan.Runbooks.defaults());
    InputParser parser = new InputParser();
    Set<String> hit = new HashSet<>();
    for (Fixtures.Row row : Fixtures.valid().toList()) {
      hit.add(classifier.classify(parser.parse(Fixtures.read(row.fixture()))).signatureId());
    }

    Set<String> unhit = new TreeSet<>();
    catalog.signatures().forEach(s -> unhit.add(s.id()));
    unhit.removeAll(hit);
    assertThat(unhit).as("signatures no fixture exercises").isEmpty();
  }

  @Test
  void idsAreUniqueAndRejectedWhenDuplicated() {
    Map<String, Long> counts =
        catalog.signatures().stream()
            .collect(Collectors.groupingBy(Signature::id, Collectors.counting()));
    assertThat(counts.values()).allMatch(c -> c == 1);

    Signature any = catalog.signatures().getFirst();
    assertThatThrownBy(() -> SignatureCatalog.of(java.util.List.of(any, any)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining(any.id());
  }

  @Test
  void everyCategoryButUnknownHasSignaturesAndThreeFixtures() {
    Map<String, Long> fixturesPerCategory =
        Fixtures.valid()
            .collect(Collectors.groupingBy(Fixtures.Row::category, Collectors.counting()));
    Set<Category> withSignatures =
        catalog.signatures().stream().map(Signature::category).collect(Collectors.toSet());

    for (Category c : Category.values()) {
      assertThat(fixturesPerCategory.getOrDefault(c.name(), 0L))
          .as(c.name())
          .isGreaterThanOrEqualTo(3);
      if (c != Category.UNKNOWN) {
        assertThat(withSignatures).as("signatures for " + c).contains(c);
      }
    }
  }

  @Test
  void manifestListsEveryFixtureFileExactlyOnce() {
    var listed = Fixtures.manifest().stream().map(Fixtures.Row::fixture).toList();
    assertThat(listed).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(listed)).containsExactlyElementsOf(Fixtures.files());
  }

  @Test
  void manifestRowsNameTaxonomyCategoriesAndSubcauses() {
    Map<String, Category> byName =
        java.util.Arrays.stream(Category.values())
            .collect(Collectors.toMap(Category::name, Function.identity()));
    Fixtures.valid()
        .forEach(
            row -> {
              assertThat(byName).as(row.fixture()).containsKey(row.category());
              assertThat(byName.get(row.category()).subcauses())
                  .as(row.fixture())
                  .contains(row.subcause());
            });
  }

  @Test
  void everyRunbookHasASectionForEverySubcause() throws Exception {
    for (Category c : Category.values()) {
      var runbook = Fixtures.root().resolveSibling("docs/runbooks/" + c.name() + ".md");
      assertThat(runbook).as("runbook for " + c).exists();
      String text = Files.readString(runbook);
      for (String sub : c.subcauses()) {
        assertThat(text)
            .as(runbook + " section for " + sub)
            .containsPattern("(?m)^## " + sub + "\\s*$");
      }
    }
  }

  @Test
  void rejectsAMalformedSignatureNamingTheFileAndId() throws Exception {
    JsonNode file =
        Json.MAPPER.readTree(
            """
            {"category": "OOM", "signatures": [
              {"id": "oom.bad", "subcause": "NOT_A_SUBCAUSE", "priority": 1, "summary": "x",
               "text": {"anyOf": ["x"]}}]}
            """);

    assertThatThrownBy(() -> SignatureCatalog.parse(Category.OOM, "signatures/OOM.json", file))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("signatures/OOM.json")
        .hasMessageContaining("oom.bad")
        .hasMessageContaining("NOT_A_SUBCAUSE");
  }

  @Test
  void rejectsASignatureWithoutAnAnchorPhraseOrPattern() throws Exception {
    JsonNode file =
        Json.MAPPER.readTree(
            """
            {"category": "OOM", "signatures": [
              {"id": "oom.regex-only", "subcause": "CONTAINER_LIMIT", "priority": 1, "summary": "x",
               "text": {"regex": "memory"}}]}
            """);

    assertThatThrownBy(() -> SignatureCatalog.parse(Category.OOM, "signatures/OOM.json", file))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("anyOf or allOf");
  }
}
