package io.ecsmedic.remediation;

import io.ecsmedic.aws.MemberAccounts;
import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.config.Env;
import io.ecsmedic.model.ActionType;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The remediation steps' configuration, read once from the environment that template.yaml declares
 * (the safety model of docs/remediation.md lives here: what may be applied at all, what AUTO may
 * apply alone, on which clusters, and how often).
 *
 * @param allowedActions actions the workflow may ever apply (with approval); others stay proposals
 * @param autoActions low-risk actions AUTO mode applies without approval
 * @param autoClusters clusters where AUTO may act alone; empty means none ("*" means all)
 * @param maxPerServicePerHour blast radius: applied actions per service per clock hour
 * @param maxPerAccountPerHour blast radius: applied actions per account (this stack) per clock hour
 * @param approvalTimeout how long an approval request (and its links) stays valid
 * @param approvalBaseUrl the approval function's URL for signed email links; empty: no links
 * @param approvalLinkSecretArn the secret that signs the links; empty: no links
 * @param verifyInterval the wait between two checks of a deployment after Apply
 * @param verifyAttempts checks before the outcome is reported as not verified
 * @param slackBotTokenSecretArn a Slack bot token: proposals go to the incident's thread; or empty
 * @param slackChannel the bot's channel
 * @param slackApiBase the Slack Web API base URL
 * @param slackWebhookSecretArn an incoming webhook, when there is no bot token; or empty
 * @param members the member accounts and regions the workflow acts in, through their remediation
 *     role
 */
record RemediationSettings(
    AwsSettings aws,
    String auditTable,
    String alertTopicArn,
    Set<ActionType> allowedActions,
    Set<ActionType> autoActions,
    Set<String> autoClusters,
    int maxPerServicePerHour,
    int maxPerAccountPerHour,
    Duration approvalTimeout,
    String approvalBaseUrl,
    String approvalLinkSecretArn,
    Duration verifyInterval,
    int verifyAttempts,
    String slackBotTokenSecretArn,
    String slackChannel,
    java.net.URI slackApiBase,
    String slackWebhookSecretArn,
    MemberAccounts members) {

  static final String DEFAULT_ALLOWED =
      "FORCE_NEW_DEPLOYMENT,ENABLE_EXECUTE_COMMAND,RAISE_MEMORY,SET_DEREGISTRATION_DELAY,"
          + "SET_HEALTH_CHECK_GRACE_PERIOD,ENABLE_CIRCUIT_BREAKER_ROLLBACK,ROLLBACK_TASK_DEFINITION,"
          + "CREATE_LOG_GROUP";
  static final String DEFAULT_AUTO =
      "FORCE_NEW_DEPLOYMENT,SET_DEREGISTRATION_DELAY,SET_HEALTH_CHECK_GRACE_PERIOD,"
          + "ENABLE_CIRCUIT_BREAKER_ROLLBACK,CREATE_LOG_GROUP";

  boolean autoAllowedOn(String cluster) {
    return autoClusters.contains("*") || autoClusters.contains(cluster);
  }

  static RemediationSettings fromEnv(Map<String, String> env) {
    Set<ActionType> allowed = actions(env, "ALLOWED_ACTIONS", DEFAULT_ALLOWED);
    Set<ActionType> auto = actions(env, "AUTO_ACTIONS", DEFAULT_AUTO);
    for (ActionType a : auto) {
      if (a.risk() != io.ecsmedic.model.Risk.LOW) {
        throw new IllegalStateException(
            "AUTO_ACTIONS may list only LOW-risk actions; " + a + " is " + a.risk());
      }
    }
    auto.retainAll(allowed);
    return new RemediationSettings(
        AwsSettings.fromEnv(env),
        Env.required(env, "AUDIT_TABLE_NAME"),
        Env.required(env, "ALERT_TOPIC_ARN"),
        allowed,
        auto,
        list(env.getOrDefault("AUTO_CLUSTERS", "")),
        (int) Env.number(env, "MAX_ACTIONS_PER_SERVICE_PER_HOUR", 2, 1),
        (int) Env.number(env, "MAX_ACTIONS_PER_ACCOUNT_PER_HOUR", 10, 1),
        Duration.ofSeconds((int) Env.number(env, "APPROVAL_TIMEOUT_SECONDS", 3600, 1)),
        env.getOrDefault("APPROVAL_BASE_URL", ""),
        env.getOrDefault("APPROVAL_LINK_SECRET_ARN", ""),
        Duration.ofSeconds((int) Env.number(env, "VERIFY_INTERVAL_SECONDS", 15, 1)),
        (int) Env.number(env, "VERIFY_ATTEMPTS", 40, 1),
        env.getOrDefault("SLACK_BOT_TOKEN_SECRET_ARN", ""),
        env.getOrDefault("SLACK_CHANNEL", ""),
        java.net.URI.create(env.getOrDefault("SLACK_API_BASE_URL", "https://slack.com/api/")),
        env.getOrDefault("SLACK_WEBHOOK_SECRET_ARN", ""),
        MemberAccounts.fromEnv(env, "MEMBER_REMEDIATION_ROLE"));
  }

  private static Set<ActionType> actions(Map<String, String> env, String name, String fallback) {
    Set<ActionType> out = EnumSet.noneOf(ActionType.class);
    for (String value : list(env.getOrDefault(name, fallback))) {
      try {
        ActionType type = ActionType.valueOf(value.toUpperCase(Locale.ROOT));
        if (!type.automatable()) {
          throw new IllegalArgumentException();
        }
        out.add(type);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            name + " lists " + value + ", which is not an action ecs-medic applies");
      }
    }
    return out;
  }

  private static Set<String> list(String csv) {
    return Arrays.stream(csv.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
