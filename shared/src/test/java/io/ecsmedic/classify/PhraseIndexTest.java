package io.ecsmedic.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseIndexTest {
  private final PhraseIndex index =
      new PhraseIndex(List.of("i/o timeout", "timeout", "dial tcp", "can't", "ü-phrase"));

  @Test
  void findsOverlappingAndNestedPhrasesInOnePass() {
    PhraseIndex.Hits hits = index.find(List.of("dial tcp 10.0.0.1:443: i/o timeout"));

    assertThat(hits.has(0)).isTrue();
    assertThat(hits.has(1)).as("suffix of another phrase").isTrue();
    assertThat(hits.has(2)).isTrue();
    assertThat(hits.offsetOf(0)).isEqualTo(23);
    assertThat(hits.offsetOf(2)).isZero();
  }

  @Test
  void recordsTheFirstTextAndOffsetWhereAPhraseOccurs() {
    PhraseIndex.Hits hits = index.find(List.of("nothing here", "timeout then timeout"));

    assertThat(hits.textOf(1)).isEqualTo(1);
    assertThat(hits.offsetOf(1)).isZero();
    assertThat(hits.has(0)).isFalse();
  }

  @Test
  void matchesNonAsciiCharactersAndResetsOnUnknownOnes() {
    PhraseIndex.Hits hits = index.find(List.of("x ü-phrase y", "can\u2019t"));

    assertThat(hits.has(4)).isTrue();
    assertThat(hits.has(3)).as("typographic apostrophe is not normalised here").isFalse();
  }

  @Test
  void emptyInputsFindNothing() {
    PhraseIndex.Hits hits = index.find(List.of("", ""));

    for (int i = 0; i < index.size(); i++) {
      assertThat(hits.has(i)).isFalse();
    }
  }
}
