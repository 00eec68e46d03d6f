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
  void foldsCaseAndTheTypographicApostropheWithoutChangingOffsets() {
    PhraseIndex.Hits hits = index.find(List.of("x Ü-PHRASE y", "We CAN\u2019T", "DIAL TCP"));

    assertThat(hits.has(4)).isTrue();
    assertThat(hits.offsetOf(4)).isEqualTo(2);
    assertThat(hits.has(3)).isTrue();
    assertThat(hits.offsetOf(3)).isEqualTo(3);
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
