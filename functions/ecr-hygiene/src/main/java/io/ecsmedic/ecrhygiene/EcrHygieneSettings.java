package io.ecsmedic.ecrhygiene;

import io.ecsmedic.aws.MemberAccounts;
import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.config.Env;
import io.ecsmedic.ecr.HygienePolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The ECR hygiene function's configuration, read once from the environment that template.yaml
 * declares. Nothing else in the function reads the environment.
 *
 * @param account the registry's account (ACCOUNT_ID)
 * @param policy what to keep (KEEP_NEWEST_TAGGED, KEEP_PUSHED_WITHIN_DAYS, the pull-through
 *     settings)
 * @param alertTopicArn where the dry-run report goes; empty: nowhere
 * @param cleanup the approved-deletes workflow; empty when CLEANUP_STATE_MACHINE_ARN is not set
 * @param members the member accounts whose running images count as in use, read through their
 *     checker role (MEMBER_ACCOUNTS, MEMBER_REGIONS, MEMBER_CHECKER_ROLE, MEMBER_EXTERNAL_ID)
 */
record EcrHygieneSettings(
    AwsSettings aws,
    String account,
    HygienePolicy policy,
    String alertTopicArn,
    Optional<Cleanup> cleanup,
    MemberAccounts members) {

  /**
   * @param approvalBaseUrl the approval function's URL; empty without a link secret (no links)
   * @param linkSecretArn the key of the signed e-mail links
   * @param approvalWindow how long an approval may wait
   * @param auditRetention how long the cleanup's audit records are kept (AUDIT_RETENTION_DAYS, as
   *     every other audit record)
   */
  record Cleanup(
      String stateMachineArn,
      String auditTable,
      String alertTopicArn,
      String approvalBaseUrl,
      String linkSecretArn,
      Duration approvalWindow,
      Duration auditRetention) {}

  static EcrHygieneSettings fromEnv(Map<String, String> env) {
    String stateMachine = env.getOrDefault("CLEANUP_STATE_MACHINE_ARN", "");
    String linkSecretArn = env.getOrDefault("APPROVAL_LINK_SECRET_ARN", "");
    Optional<Cleanup> cleanup =
        stateMachine.isBlank()
            ? Optional.empty()
            : Optional.of(
                new Cleanup(
                    stateMachine,
                    Env.required(env, "AUDIT_TABLE_NAME"),
                    Env.required(env, "ALERT_TOPIC_ARN"),
                    linkSecretArn.isBlank() ? "" : env.getOrDefault("APPROVAL_BASE_URL", ""),
                    linkSecretArn,
                    Duration.ofSeconds(Env.number(env, "APPROVAL_TIMEOUT_SECONDS", 3600, 1)),
                    Duration.ofDays(Env.number(env, "AUDIT_RETENTION_DAYS", 90, 1))));
    return new EcrHygieneSettings(
        AwsSettings.fromEnv(env),
        Env.required(env, "ACCOUNT_ID"),
        policy(env),
        env.getOrDefault("ALERT_TOPIC_ARN", ""),
        cleanup,
        MemberAccounts.fromEnv(env, "MEMBER_CHECKER_ROLE"));
  }

  private static HygienePolicy policy(Map<String, String> env) {
    return new HygienePolicy(
        (int) Env.number(env, "KEEP_NEWEST_TAGGED", 10, 0),
        Duration.ofDays((int) Env.number(env, "KEEP_PUSHED_WITHIN_DAYS", 30, 0)),
        Arrays.stream(env.getOrDefault("PULL_THROUGH_PREFIXES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        Duration.ofDays((int) Env.number(env, "PULL_THROUGH_KEEP_DAYS", 30, 0)));
  }
}
