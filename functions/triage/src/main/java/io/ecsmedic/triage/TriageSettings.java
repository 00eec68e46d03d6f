package io.ecsmedic.triage;

import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.plan.Runbooks;
import java.util.Map;

/**
 * The triage function's configuration, read once from the environment that template.yaml declares.
 * Nothing else in the function reads the environment.
 */
record TriageSettings(
    AwsSettings aws, String alertTopicArn, String deadLetterQueueUrl, String runbookBaseUrl) {

  static TriageSettings fromEnv(Map<String, String> env) {
    return new TriageSettings(
        AwsSettings.fromEnv(env),
        required(env, "ALERT_TOPIC_ARN"),
        required(env, "DEAD_LETTER_QUEUE_URL"),
        env.getOrDefault("RUNBOOK_BASE_URL", Runbooks.DEFAULT_BASE));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; template.yaml declares it");
    }
    return value;
  }
}
