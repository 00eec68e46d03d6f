package io.ecsmedic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
  @Test
  void readsTheRoleKeysLambdaPutsInTheEnvironment() {
    AwsSettings s =
        AwsSettings.fromEnv(
            Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "token"));

    assertThat(s.credentials())
        .contains(new EnvironmentCredentials("ASIAEXAMPLE", "secret", Optional.of("token")));
  }

  @Test
  void withoutBothKeysTheDefaultChainDecides() {
    assertThat(AwsSettings.fromEnv(Map.of("AWS_REGION", "eu-west-1")).credentials()).isEmpty();
    assertThat(
            AwsSettings.fromEnv(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIA"))
                .credentials())
        .isEmpty();
  }

  @Test
  void longTermKeysHaveNoSessionToken() {
    assertThat(
            EnvironmentCredentials.fromEnv(
                    Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "s"))
                .orElseThrow()
                .sessionToken())
        .isEmpty();
  }

  @Test
  void neverPrintsTheSecretOrTheToken() {
    EnvironmentCredentials c = new EnvironmentCredentials("ASIAX", "s3cr3t", Optional.of("t0k3n"));

    assertThat(c.toString()).contains("ASIAX").doesNotContain("s3cr3t").doesNotContain("t0k3n");
  }

  @Test
  void regionIsRequired() {
    assertThatThrownBy(() -> AwsSettings.fromEnv(Map.of()))
        .isInstanceOf(IllegalStateException.class);
  }
}
