package io.ecsmedic.ecrhygiene;

import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.config.Env;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The scheduled posture scan's configuration, from the environment template.yaml declares.
 *
 * @param clusters POSTURE_CLUSTERS, comma-separated; empty: every cluster of the account
 * @param auditTable where the full report is stored (AUDIT_TABLE_NAME)
 * @param alertTopicArn where the digest goes (ALERT_TOPIC_ARN)
 * @param retention how long a stored scan is kept (AUDIT_RETENTION_DAYS)
 */
record PostureScanSettings(
    AwsSettings aws,
    List<String> clusters,
    String auditTable,
    String alertTopicArn,
    Duration retention) {

  static PostureScanSettings fromEnv(Map<String, String> env) {
    return new PostureScanSettings(
        AwsSettings.fromEnv(env),
        Arrays.stream(env.getOrDefault("POSTURE_CLUSTERS", "").split(","))
            .map(String::strip)
            .filter(c -> !c.isEmpty())
            .toList(),
        Env.required(env, "AUDIT_TABLE_NAME"),
        Env.required(env, "ALERT_TOPIC_ARN"),
        Duration.ofDays(Long.parseLong(env.getOrDefault("AUDIT_RETENTION_DAYS", "90"))));
  }
}
