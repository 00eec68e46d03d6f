package io.ecsmedic.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The mode as the template, a service tag or the workflow state spells it. */
class ModeTest {
  @Test
  void parsesAnyCaseWithBlanks() {
    assertThat(Mode.parse("auto")).isEqualTo(Mode.AUTO);
    assertThat(Mode.parse(" Observe ")).isEqualTo(Mode.OBSERVE);
    assertThat(Mode.parse("OFF")).isEqualTo(Mode.OFF);
    assertThat(Mode.parse("propose")).isEqualTo(Mode.PROPOSE);
  }

  @Test
  void refusesAnythingElseNamingTheValue() {
    assertThatThrownBy(() -> Mode.parse("yolo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'yolo' is not a mode: expected off, observe, propose or auto");
    assertThatThrownBy(() -> Mode.parse("")).hasMessageContaining("''");
    assertThatThrownBy(() -> Mode.parse(null)).hasMessageContaining("'null'");
  }

  @Test
  void onlyProposeAndAutoRunTheWorkflowAndOnlyAutoAppliesAlone() {
    assertThat(Mode.OFF.mayPropose()).isFalse();
    assertThat(Mode.OBSERVE.mayPropose()).isFalse();
    assertThat(Mode.PROPOSE.mayPropose()).isTrue();
    assertThat(Mode.AUTO.mayPropose()).isTrue();
    assertThat(Mode.PROPOSE.mayApplyAlone()).isFalse();
    assertThat(Mode.AUTO.mayApplyAlone()).isTrue();
  }
}
