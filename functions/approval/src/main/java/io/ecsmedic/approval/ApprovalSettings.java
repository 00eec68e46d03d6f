package io.ecsmedic.approval;

import io.ecsmedic.config.AwsSettings;
import java.util.Map;

/**
 * The approval function's configuration, read once from the environment that template.yaml
 * declares. Nothing else in the function reads the environment.
 *
 * @param auditTable the audit table that holds {@code APPROVAL#<incident id> / APPROVAL} items
 * @param slackSigningSecretArn the Slack app's signing secret; empty: Slack approvals are off
 * @param linkSecretArn the key of the signed e-mail links; empty: link approvals are off
 */
record ApprovalSettings(
    AwsSettings aws, String auditTable, String slackSigningSecretArn, String linkSecretArn) {

  static ApprovalSettings fromEnv(Map<String, String> env) {
    String slack = env.getOrDefault("SLACK_SIGNING_SECRET_ARN", "").trim();
    String link = env.getOrDefault("APPROVAL_LINK_SECRET_ARN", "").trim();
    if (slack.isEmpty() && link.isEmpty()) {
      throw new IllegalStateException(
          "neither SLACK_SIGNING_SECRET_ARN nor APPROVAL_LINK_SECRET_ARN is set:"
              + " the approval function would refuse every request");
    }
    return new ApprovalSettings(
        AwsSettings.fromEnv(env), required(env, "AUDIT_TABLE_NAME"), slack, link);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; template.yaml declares it");
    }
    return value;
  }
}
