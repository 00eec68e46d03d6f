package io.ecsmedic.approval;

import io.ecsmedic.config.AwsSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The approval function's configuration, read once from the environment that template.yaml
 * declares. Nothing else in the function reads the environment.
 *
 * @param auditTable the audit table that holds {@code APPROVAL#<incident id> / APPROVAL} items
 * @param slackSigningSecretArn the Slack app's signing secret; empty: Slack approvals are off
 * @param linkSecretArn the key of the signed e-mail links; empty: link approvals are off
 * @param approvers who may press the Slack buttons (empty lists: nobody)
 * @param linkApprovals whether a signed link may decide at all (LinkApprovals=Enabled)
 * @param auditRetention how long a refused attempt is kept in the audit table
 */
record ApprovalSettings(
    AwsSettings aws,
    String auditTable,
    String slackSigningSecretArn,
    String linkSecretArn,
    SlackApprovers approvers,
    boolean linkApprovals,
    Duration auditRetention) {

  static ApprovalSettings fromEnv(Map<String, String> env) {
    String slack = env.getOrDefault("SLACK_SIGNING_SECRET_ARN", "").trim();
    String link = env.getOrDefault("APPROVAL_LINK_SECRET_ARN", "").trim();
    if (slack.isEmpty() && link.isEmpty()) {
      throw new IllegalStateException(
          "neither SLACK_SIGNING_SECRET_ARN nor APPROVAL_LINK_SECRET_ARN is set:"
              + " the approval function would refuse every request");
    }
    String links = env.getOrDefault("LINK_APPROVALS", "Disabled").trim();
    if (!links.equals("Enabled") && !links.equals("Disabled")) {
      throw new IllegalStateException("LINK_APPROVALS must be Enabled or Disabled, not " + links);
    }
    return new ApprovalSettings(
        AwsSettings.fromEnv(env),
        required(env, "AUDIT_TABLE_NAME"),
        slack,
        link,
        new SlackApprovers(
            ids(env, "SLACK_APPROVER_USER_IDS"),
            ids(env, "SLACK_APPROVER_TEAM_IDS"),
            ids(env, "SLACK_APPROVER_APP_IDS"),
            ids(env, "SLACK_APPROVER_CHANNEL_IDS")),
        links.equals("Enabled"),
        Duration.ofDays(Long.parseLong(env.getOrDefault("AUDIT_RETENTION_DAYS", "90").trim())));
  }

  /** A comma-separated list of Slack ids; blanks are ignored. */
  static Set<String> ids(Map<String, String> env, String name) {
    return Arrays.stream(env.getOrDefault(name, "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; template.yaml declares it");
    }
    return value;
  }
}
