package io.ecsmedic.ecrhygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcrHygieneSettingsTest {
  static Map<String, String> env(String... pairs) {
    Map<String, String> env =
        new HashMap<>(Map.of("AWS_REGION", "eu-west-1", "ACCOUNT_ID", "123456789012"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void aDryRunNeedsOnlyTheAccountAndTheRegion() {
    EcrHygieneSettings s = EcrHygieneSettings.fromEnv(env());

    assertThat(s.account()).isEqualTo("123456789012");
    assertThat(s.policy().keepNewestTagged()).isEqualTo(10);
    assertThat(s.policy().keepPushedWithin()).isEqualTo(Duration.ofDays(30));
    assertThat(s.alertTopicArn()).isEmpty();
    assertThat(s.cleanup()).isEmpty();
  }

  @Test
  void readsThePolicy() {
    EcrHygieneSettings s =
        EcrHygieneSettings.fromEnv(
            env(
                "KEEP_NEWEST_TAGGED", "3",
                "KEEP_PUSHED_WITHIN_DAYS", "7",
                "PULL_THROUGH_PREFIXES", " ecr-public/ , ,docker-hub/",
                "PULL_THROUGH_KEEP_DAYS", "14"));

    assertThat(s.policy().keepNewestTagged()).isEqualTo(3);
    assertThat(s.policy().keepPushedWithin()).isEqualTo(Duration.ofDays(7));
    assertThat(s.policy().pullThroughPrefixes()).containsExactly("ecr-public/", "docker-hub/");
    assertThat(s.policy().pullThroughKeep()).isEqualTo(Duration.ofDays(14));
  }

  @Test
  void theCleanupWorkflowNeedsItsTableAndTopic() {
    assertThatThrownBy(() -> EcrHygieneSettings.fromEnv(env("CLEANUP_STATE_MACHINE_ARN", "arn:sm")))
        .hasMessageContaining("AUDIT_TABLE_NAME");

    EcrHygieneSettings s =
        EcrHygieneSettings.fromEnv(
            env(
                "CLEANUP_STATE_MACHINE_ARN", "arn:sm",
                "AUDIT_TABLE_NAME", "audit",
                "ALERT_TOPIC_ARN", "arn:topic",
                "APPROVAL_BASE_URL", "https://approve.example/"));

    assertThat(s.cleanup())
        .hasValueSatisfying(
            c -> {
              assertThat(c.stateMachineArn()).isEqualTo("arn:sm");
              assertThat(c.approvalWindow()).isEqualTo(Duration.ofHours(1));
              assertThat(c.auditRetention()).isEqualTo(Duration.ofDays(90));
              // No link secret, no links: the base URL is not used.
              assertThat(c.approvalBaseUrl()).isEmpty();
            });
  }

  @Test
  void cleanupRecordsKeepTheStacksAuditRetention() {
    EcrHygieneSettings s =
        EcrHygieneSettings.fromEnv(
            env(
                "CLEANUP_STATE_MACHINE_ARN", "arn:sm",
                "AUDIT_TABLE_NAME", "audit",
                "ALERT_TOPIC_ARN", "arn:topic",
                "AUDIT_RETENTION_DAYS", "365"));

    assertThat(s.cleanup().orElseThrow().auditRetention()).isEqualTo(Duration.ofDays(365));
  }

  @Test
  void readsTheMemberAccountsWhoseRunningImagesCountAsInUse() {
    assertThat(EcrHygieneSettings.fromEnv(env()).members().accounts()).isEmpty();

    EcrHygieneSettings s =
        EcrHygieneSettings.fromEnv(
            env(
                "MEMBER_ACCOUNTS", "111111111111, 222222222222",
                "MEMBER_REGIONS", "us-west-2",
                "MEMBER_CHECKER_ROLE", "ecs-medic-checker",
                "MEMBER_EXTERNAL_ID", "x-1"));

    assertThat(s.members().accounts()).containsExactlyInAnyOrder("111111111111", "222222222222");
    assertThat(s.members().regions()).containsExactly("us-west-2");
    assertThat(s.members().roleArn("111111111111", "eu-west-1"))
        .isEqualTo("arn:aws:iam::111111111111:role/ecs-medic-checker");
    assertThat(s.members().externalId()).contains("x-1");
  }
}
