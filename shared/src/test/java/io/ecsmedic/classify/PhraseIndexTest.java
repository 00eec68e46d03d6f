package io.ecsmedic.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseIndexTest {
  private final PhraseIndex index =
      new PhraseIndex(List.of("i/o timeout", "timeout", "dial tcp", "can't", "ü-phrase"));

  private int offset(PhraseIndex.Hits hits, int id, List<String> texts) {
    return hits.offsetOf(id, texts.get(hits.textOf(id)), index.compactLength(id));
  }

  @Test
  void findsOverlappingAndNestedPhrasesInOnePass() {
    List<String> texts = List.of("dial tcp 10.0.0.1:443: i/o timeout");
    PhraseIndex.Hits hits = index.find(texts);

    assertThat(hits.has(0)).isTrue();
    assertThat(hits.has(1)).as("suffix of another phrase").isTrue();
    assertThat(hits.has(2)).isTrue();
    assertThat(offset(hits, 0, texts)).isEqualTo(23);
    assertThat(offset(hits, 2, texts)).isZero();
    assertThat(hits.count()).isEqualTo(3);
  }

  @Test
  void matchesAcrossWhiteSpaceAndAWrapInsideAWord() {
    List<String> texts = List.of("x dialtcp y", "no i/o time out here");
    PhraseIndex.Hits hits = index.find(texts);

    assertThat(hits.has(2)).isTrue();
    assertThat(offset(hits, 2, texts)).isEqualTo(2);
    assertThat(hits.has(0)).isTrue();
    assertThat(offset(hits, 0, texts)).isEqualTo(3);
  }

  @Test
  void recordsTheFirstTextAndOffsetWhereAPhraseOccurs() {
    List<String> texts = List.of("nothing here", "timeout then timeout");
    PhraseIndex.Hits hits = index.find(texts);

    assertThat(hits.textOf(1)).isEqualTo(1);
    assertThat(offset(hits, 1, texts)).isZero();
    assertThat(hits.has(0)).isFalse();
  }

  @Test
  void foldsCaseAndTheTypographicApostropheWithoutChangingOffsets() {
    List<String> texts = List.of("x Ü-PHRASE y", "We CAN\u2019T", "DIAL TCP");
    PhraseIndex.Hits hits = index.find(texts);

    assertThat(hits.has(4)).isTrue();
    assertThat(offset(hits, 4, texts)).isEqualTo(2);
    assertThat(hits.has(3)).isTrue();
    assertThat(offset(hits, 3, texts)).isEqualTo(3);
    assertThat(hits.textOf(2)).isEqualTo(2);
  }

  @Test
  void emptyInputsFindNothing() {
    PhraseIndex.Hits hits = index.find(List.of("", ""));

    for (int i = 0; i < index.size(); i++) {
      assertThat(hits.has(i)).isFalse();
    }
  }
}
