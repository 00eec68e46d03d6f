package io.ecsmedic.aws.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditTextTest {

  @Test
  void bidiOverridesAndIsolatesAreDroppedSoANameReadsAsItIsStored() {
    assertThat(AuditText.identity("alice\u202Enimda")).isEqualTo("alicenimda");
    assertThat(AuditText.identity("\u2066bob\u2069 \u202A\u202B\u202C\u202D")).isEqualTo("bob");
    assertThat(AuditText.identity("eve\u200F\u200E\u061C")).isEqualTo("eve");
  }

  @Test
  void zeroWidthAndInvisibleCharactersAreDropped() {
    assertThat(AuditText.identity("a\u200Bd\u200Cm\u200Di\u2060n\uFEFF\u00AD")).isEqualTo("admin");
  }

  @Test
  void controlCharactersAndLineBreaksBecomeOneSpace() {
    assertThat(AuditText.identity("  alice\n\r\tAPPROVED by root\u0000\u007F\u0085x  "))
        .isEqualTo("alice APPROVED by root x");
  }

  @Test
  void theLengthIsBoundedInCodePointsWithoutSplittingAPair() {
    String emoji = "\uD83D\uDE00";
    assertThat(AuditText.clean(emoji.repeat(10), 3)).isEqualTo(emoji.repeat(3));
    assertThat(AuditText.clean("x".repeat(1000), AuditText.MAX_TEXT)).hasSize(300);
    assertThat(AuditText.identity("a\uD800b")).as("an unpaired surrogate").isEqualTo("ab");
    assertThat(AuditText.identity(null)).isEmpty();
  }

  @Test
  void ordinaryNamesAndArnsAreKept() {
    assertThat(AuditText.identity("Zoë O'Brien (Slack U123)"))
        .isEqualTo("Zoë O'Brien (Slack U123)");
    assertThat(AuditText.identity("arn:aws:sts::123456789012:assumed-role/OnCall/alice"))
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/OnCall/alice");
  }
}
