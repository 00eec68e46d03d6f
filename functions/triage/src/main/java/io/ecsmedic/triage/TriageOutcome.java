package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.Mode;

/**
 * What triage did with one event: the invocation's answer, the metrics' input and what tests look
 * at. Only {@link #toJson()} turns it into JSON, once, for the invocation's output.
 *
 * @param finding the diagnosis; null when the event could not be diagnosed
 * @param mode the mode the event was handled in; null before it was resolved
 * @param modeReason why the mode is not the configured one; null when it is
 * @param incidentId the incident the event counted on; null before it was counted
 * @param check the new incident's deep check; null when none ran
 * @param slackFailure why Slack did not take the alert; null when it did or was not asked
 * @param remediation the started workflow execution's ARN; null when none started
 * @param parkReason why the event was parked; null unless PARKED
 */
record TriageOutcome(
    Status status,
    String eventId,
    Finding finding,
    Mode mode,
    String modeReason,
    String incidentId,
    CheckReport check,
    String slackFailure,
    String remediation,
    String parkReason) {

  /** The decision about the event (also its audit record's decision and its metric). */
  enum Status {
    /** The first occurrence of a paging incident: alerted. */
    NOTIFIED,
    /** A first occurrence that does not page (EXPECTED_STOP, SPOT_INTERRUPTION): labelled. */
    LABELLED,
    /** A repeat inside the notification window: counted, not sent. */
    SUPPRESSED,
    /** The service is tagged {@code ecs-medic:mode=off}. */
    OPTED_OUT,
    /** Another delivery of an event already handled. */
    DUPLICATE,
    /** Triage could not finish: on the dead-letter queue with the reason. */
    PARKED
  }

  static TriageOutcome parked(String eventId, Finding finding, String reason) {
    return new TriageOutcome(
        Status.PARKED, eventId, finding, null, null, null, null, null, null, reason);
  }

  static TriageOutcome duplicate(String eventId, Finding finding) {
    return new TriageOutcome(
        Status.DUPLICATE, eventId, finding, null, null, null, null, null, null, null);
  }

  /** Null when the event could not be classified. */
  Category category() {
    return finding == null ? null : finding.category();
  }

  boolean remediationStarted() {
    return remediation != null;
  }

  ObjectNode toJson() {
    ObjectNode json = Json.MAPPER.createObjectNode().put("status", status.name());
    json.put("eventId", eventId);
    if (finding != null) {
      json.put("category", finding.category().name());
    }
    if (incidentId != null) {
      json.put("incidentId", incidentId);
    }
    if (mode != null) {
      json.put("mode", mode.name());
    }
    if (modeReason != null) {
      json.put("modeReason", modeReason);
    }
    if (slackFailure != null) {
      json.put("slackFailure", slackFailure);
    }
    if (remediation != null) {
      json.put("remediation", remediation);
    }
    if (parkReason != null) {
      json.put("error", parkReason);
    }
    if (finding != null && status != Status.DUPLICATE) {
      json.set("finding", FindingJson.toJson(finding));
    }
    if (check != null) {
      json.set("check", check.toJson());
    }
    return json;
  }
}
