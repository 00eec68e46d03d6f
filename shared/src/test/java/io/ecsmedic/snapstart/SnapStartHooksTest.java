package io.ecsmedic.snapstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks run the function's priming before the snapshot and its refresh after a restore. */
class SnapStartHooksTest {
  @Test
  void primesBeforeTheSnapshotAndRefreshesAfterEachRestore() throws Exception {
    List<String> ran = new ArrayList<>();
    SnapStartHooks hooks =
        SnapStartHooks.register(() -> ran.add("prime"), () -> ran.add("refresh"));

    hooks.beforeCheckpoint(null);
    hooks.afterRestore(null);
    hooks.afterRestore(null);

    assertThat(ran).containsExactly("prime", "refresh", "refresh");
  }

  @Test
  void aFailedPrimingFailsTheSnapshot() {
    SnapStartHooks hooks =
        SnapStartHooks.register(
            () -> {
              throw new IllegalStateException("the classifier failed on a fixture");
            },
            SnapStartHooks.NOTHING_TO_REFRESH);

    assertThatThrownBy(() -> hooks.beforeCheckpoint(null))
        .hasMessageContaining("classifier failed");
  }
}
