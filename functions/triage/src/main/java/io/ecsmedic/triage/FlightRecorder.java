package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.evidence.FlightRecord;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.Mode;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a new incident's flight record: the finding, the stopped task as the event gave it
 * (environment values removed), the service's recent events, the container's last words and the
 * deep check's report, as named parts ({@link FlightRecord.Part}). A new part is one more {@code
 * .with(...)} line in {@link #write}.
 *
 * <p>Evidence, never a reason to hold the alert back: a failure to write is logged and audited
 * ({@code EVIDENCE_NOT_RECORDED}, under the event id + {@code #evidence}), and the alert goes out
 * without a link. A written record is audited as {@code EVIDENCE_RECORDED} with its URI, which is
 * how {@code ecs-medic history} links it.
 */
final class FlightRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(FlightRecorder.class);

  private final IncidentEvidence evidence;
  private final AuditStore audit;

  FlightRecorder(IncidentEvidence evidence, AuditStore audit) {
    this.evidence = evidence;
    this.audit = audit;
  }

  /**
   * @return the record's URI; null when none was written (no recorder, or it failed)
   */
  String write(
      Finding finding,
      String event,
      String eventId,
      String incidentId,
      LogExcerpt lastWords,
      Optional<CheckReport> check,
      Mode mode,
      Instant now) {
    String uri;
    ObjectNode unreadable = Json.MAPPER.createObjectNode();
    try {
      FlightRecord record =
          FlightRecord.open(incidentId, now)
              .with(FlightRecord.Part.FINDING, FindingJson.toJson(finding))
              .with(FlightRecord.Part.STOPPED_TASK, stoppedTask(event))
              .with(FlightRecord.Part.SERVICE_EVENTS, serviceEvents(finding, unreadable))
              .with(FlightRecord.Part.LOG_EXCERPT, lastWords == null ? null : lastWords.toJson())
              .with(
                  FlightRecord.Part.CHECK,
                  check.map(r -> (JsonNode) Json.MAPPER.valueToTree(r)).orElse(null))
              .with(FlightRecord.Part.UNREADABLE, unreadable.isEmpty() ? null : unreadable);
      uri = evidence.record(record);
    } catch (RuntimeException e) {
      String reason = "flight record not written: " + Triage.describe(e);
      LOG.warn("{} (incident {})", reason, incidentId);
      recordQuietly(finding, eventId, incidentId, "EVIDENCE_NOT_RECORDED", mode, reason, now);
      return null;
    }
    if (uri != null) {
      recordQuietly(finding, eventId, incidentId, "EVIDENCE_RECORDED", mode, uri, now);
    }
    return uri;
  }

  /** The service's events; when they cannot be read, why goes in {@code unreadable} instead. */
  private JsonNode serviceEvents(Finding finding, ObjectNode unreadable) {
    try {
      return evidence.serviceEvents(finding);
    } catch (RuntimeException e) {
      unreadable.put(FlightRecord.Part.SERVICE_EVENTS, Triage.describe(e));
      return null;
    }
  }

  /** The task as the event gave it (its {@code detail}), without environment values. */
  private static JsonNode stoppedTask(String event) {
    try {
      var detail = Json.MAPPER.readTree(event).path("detail");
      return detail.path("taskArn").isTextual()
          ? FlightRecord.withoutEnvironmentValues(detail)
          : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private void recordQuietly(
      Finding finding,
      String eventId,
      String incidentId,
      String decision,
      Mode mode,
      String detail,
      Instant now) {
    try {
      audit.record(
          new AuditRecord(
              eventId + "#evidence", now, finding, incidentId, decision, mode.name(), detail));
    } catch (RuntimeException e) {
      LOG.warn("audit record {} of incident {} lost: {}", decision, incidentId, e.toString());
    }
  }
}
