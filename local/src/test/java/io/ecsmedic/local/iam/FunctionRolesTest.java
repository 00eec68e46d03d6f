package io.ecsmedic.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionRolesTest {
  static final Instant EXPIRES = Instant.parse("2026-12-06T10:00:00Z");
  static final FunctionRoles.RoleKeys KEYS =
      new FunctionRoles.RoleKeys(Map.of("AWS_ACCESS_KEY_ID", "ASIAX"), EXPIRES);

  @Test
  void keysAreRenewedTenMinutesBeforeTheyExpire() {
    assertThat(KEYS.stale(EXPIRES.minus(Duration.ofMinutes(11)))).isFalse();
    assertThat(KEYS.stale(EXPIRES.minus(Duration.ofMinutes(10)))).isTrue();
    assertThat(KEYS.stale(EXPIRES.plusSeconds(1))).isTrue();
  }

  @Test
  void theSessionIsNamedAfterTheFunctionAsStsAllows() {
    assertThat(FunctionRoles.sessionName("stack-TriageFunction-ABC"))
        .isEqualTo("stack-TriageFunction-ABC");
    assertThat(FunctionRoles.sessionName("a:b/c")).isEqualTo("a-b-c");
    assertThat(FunctionRoles.sessionName("x".repeat(80))).hasSize(64);
  }

  @Test
  void neverPrintsTheSecret() {
    FunctionRoles.RoleKeys keys =
        new FunctionRoles.RoleKeys(
            Map.of("AWS_ACCESS_KEY_ID", "ASIAX", "AWS_SECRET_ACCESS_KEY", "s3cr3t"), EXPIRES);

    assertThat(keys.toString()).contains("ASIAX").doesNotContain("s3cr3t");
  }
}
