package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.check.Checkers;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import java.util.Optional;

/**
 * Runs a new incident's deep checker (alb-check, exec-check or pull-check), so the alert that pages
 * carries the failing steps instead of a link to a checklist. Repeats inside the notification
 * window are not checked again: a storm costs one check per incident.
 */
interface DeepCheck {
  DeepCheck NONE = (finding, event) -> Optional.empty();

  /**
   * @param event the raw EventBridge event (for the CloudTrail caller of a failed ExecuteCommand)
   */
  Optional<CheckReport> run(Finding finding, String event);

  static DeepCheck with(Checkers checkers) {
    return (finding, event) ->
        Checkers.covers(finding.category())
            ? checkers.forFinding(finding.category(), finding.resource(), caller(finding, event))
            : Optional.empty();
  }

  /** Who called the failed ECS API, from CloudTrail's {@code detail.userIdentity.arn}. */
  private static String caller(Finding finding, String event) {
    if (finding.category() != Category.ECS_EXEC) {
      return null;
    }
    try {
      JsonNode arn = Json.MAPPER.readTree(event).at("/detail/userIdentity/arn");
      return arn.isTextual() ? arn.asText() : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
