package io.ecsmedic.triage;

import io.ecsmedic.aws.MemberAccounts;
import io.ecsmedic.aws.logs.LogExcerptReader;
import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.config.Env;
import io.ecsmedic.model.Mode;
import io.ecsmedic.plan.Runbooks;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The triage function's configuration, read once from the environment that template.yaml declares.
 * Nothing else in the function reads the environment.
 *
 * @param slackWebhookSecretArn the Secrets Manager secret holding the webhook URL; empty: none
 * @param slackBotTokenSecretArn the secret holding a Slack bot token (chat:write); wins over the
 *     webhook and threads repeats under the incident's alert; empty: none
 * @param slackChannel the channel the bot posts to (required with a bot token)
 * @param slackApiBase the Slack Web API base URL (tests point it at a local receiver)
 * @param slackWebhookBase the only prefix a webhook secret may have: Slack's hooks host; tests
 *     point it at a local receiver
 * @param notifyWindow repeats of a fingerprint inside it are counted, not re-sent
 * @param tagCacheTtl how long a service's ecs-medic:mode tag is trusted
 * @param deepChecks DEEP_CHECKS (on/off): run a new incident's deep checker for its alert
 * @param stateMachineArn the remediation workflow; empty: none is started
 * @param serviceName the Powertools service name (log field and metric dimension)
 * @param metricsNamespace the CloudWatch namespace of the EMF metrics
 * @param emfEnvironment the EMF environment (Lambda, Local); empty lets EMF detect it
 * @param whatChanged what changed before a failure, and a deployment's incident
 * @param members the member accounts and regions triage reads in, through their checker role
 * @param accountModes ACCOUNT_MODES ({@code 111111111111=OBSERVE,222222222222=AUTO}): the mode of
 *     an account's services when their tag names none, in place of {@code mode}
 * @param lastWords how many of a stopped container's last log lines an alert shows, in how many
 *     bytes, read within how long (LOG_EXCERPT_LINES, LOG_EXCERPT_BYTES, LOG_EXCERPT_BUDGET_MS)
 * @param evidenceBucket the flight recorder's bucket; empty: no record is written
 */
record TriageSettings(
    AwsSettings aws,
    String alertTopicArn,
    String deadLetterQueueUrl,
    String auditTable,
    String runbookBaseUrl,
    Mode mode,
    String slackWebhookSecretArn,
    String slackBotTokenSecretArn,
    String slackChannel,
    URI slackApiBase,
    String slackWebhookBase,
    Duration notifyWindow,
    Duration auditRetention,
    Duration tagCacheTtl,
    String stateMachineArn,
    String serviceName,
    String metricsNamespace,
    String emfEnvironment,
    boolean deepChecks,
    WhatChangedSettings whatChanged,
    MemberAccounts members,
    Map<String, Mode> accountModes,
    LogExcerptReader.Limits lastWords,
    String evidenceBucket) {

  static TriageSettings fromEnv(Map<String, String> env) {
    Mode mode;
    try {
      mode = Mode.parse(env.getOrDefault("MODE", "PROPOSE"));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("MODE: " + e.getMessage(), e);
    }
    if (mode == Mode.OFF) {
      throw new IllegalStateException("MODE must be OBSERVE, PROPOSE or AUTO, not " + mode);
    }
    String botToken = env.getOrDefault("SLACK_BOT_TOKEN_SECRET_ARN", "");
    return new TriageSettings(
        AwsSettings.fromEnv(env),
        Env.required(env, "ALERT_TOPIC_ARN"),
        Env.required(env, "DEAD_LETTER_QUEUE_URL"),
        Env.required(env, "AUDIT_TABLE_NAME"),
        env.getOrDefault("RUNBOOK_BASE_URL", Runbooks.DEFAULT_BASE),
        mode,
        env.getOrDefault("SLACK_WEBHOOK_SECRET_ARN", ""),
        botToken,
        botToken.isBlank() ? "" : Env.required(env, "SLACK_CHANNEL"),
        URI.create(env.getOrDefault("SLACK_API_BASE_URL", "https://slack.com/api/")),
        env.getOrDefault("SLACK_WEBHOOK_BASE_URL", WebhookSecret.SLACK_HOOKS),
        Duration.ofSeconds(Env.number(env, "NOTIFY_WINDOW_SECONDS", 3600, 1)),
        Duration.ofDays(Env.number(env, "AUDIT_RETENTION_DAYS", 90, 1)),
        Duration.ofSeconds(Env.number(env, "TAG_CACHE_SECONDS", 300, 1)),
        env.getOrDefault("STATE_MACHINE_ARN", ""),
        env.getOrDefault("POWERTOOLS_SERVICE_NAME", "ecs-medic-triage"),
        env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "ecs-medic"),
        emfEnvironment(env.getOrDefault("AWS_EMF_ENVIRONMENT", "")),
        deepChecks(env.getOrDefault("DEEP_CHECKS", "on")),
        WhatChangedSettings.fromEnv(env),
        MemberAccounts.fromEnv(env, "MEMBER_CHECKER_ROLE"),
        accountModes(env.getOrDefault("ACCOUNT_MODES", "")),
        new LogExcerptReader.Limits(
            (int) Env.number(env, "LOG_EXCERPT_LINES", 20, 1),
            (int) Env.number(env, "LOG_EXCERPT_BYTES", 4096, 256),
            Duration.ofMillis(Env.number(env, "LOG_EXCERPT_BUDGET_MS", 2000, 100))),
        env.getOrDefault("EVIDENCE_BUCKET", ""));
  }

  /** {@code account=MODE} pairs, comma-separated; OFF is refused as for MODE. */
  static Map<String, Mode> accountModes(String value) {
    Map<String, Mode> out = new java.util.HashMap<>();
    for (String pair : value.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.trim().split("=", 2);
      if (kv.length != 2 || !kv[0].trim().matches("\\d{12}")) {
        throw new IllegalStateException(
            "ACCOUNT_MODES: '" + pair.trim() + "' is not <12-digit account>=<mode>");
      }
      Mode mode;
      try {
        mode = Mode.parse(kv[1].trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("ACCOUNT_MODES: " + e.getMessage(), e);
      }
      if (mode == Mode.OFF) {
        throw new IllegalStateException("ACCOUNT_MODES: OBSERVE, PROPOSE or AUTO, not OFF");
      }
      out.put(kv[0].trim(), mode);
    }
    return Map.copyOf(out);
  }

  private static boolean deepChecks(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new IllegalStateException("DEEP_CHECKS must be on or off, not " + value);
    };
  }

  private static final Set<String> EMF_ENVIRONMENTS = Set.of("Local", "Lambda", "Agent");

  private static String emfEnvironment(String value) {
    if (!value.isBlank() && !EMF_ENVIRONMENTS.contains(value)) {
      throw new IllegalStateException(
          "AWS_EMF_ENVIRONMENT must be one of " + EMF_ENVIRONMENTS + ", not " + value);
    }
    return value;
  }
}
