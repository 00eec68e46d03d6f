package io.ecsmedic.posture;

import io.ecsmedic.model.ActionType;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of the posture catalogue: what should hold for a service, why, and where that is
 * written.
 *
 * @param id stable and machine-read (JSON, mute tags, dashboards): never rename one
 * @param severity how bad a FAIL is
 * @param title what should hold, as a report line
 * @param why one line: what goes wrong when it does not hold
 * @param source the AWS documentation page that states it
 * @param action the typed remediation action that fixes a FAIL through the remediation workflow, or
 *     null when the fix is a change people make (a new task definition revision, IAM)
 */
public record PostureRule(
    String id, Severity severity, String title, String why, String source, ActionType action) {
  private static final Pattern ID = Pattern.compile("posture\\.[a-z0-9-]+");

  public PostureRule {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("rule id must look like 'posture.x-y', got " + id);
    }
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(why, "why");
    if (source == null || !source.startsWith("https://docs.aws.amazon.com/")) {
      throw new IllegalArgumentException(id + ": the source must be an AWS documentation page");
    }
  }

  /** The tag that mutes this rule on a service; its value is the reason. */
  public String muteTag() {
    return Mutes.PREFIX + id;
  }
}
