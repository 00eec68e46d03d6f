package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.evidence.FlightRecord;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.model.Finding;

/**
 * What triage gathers beyond the event when an incident opens: the container's last words for the
 * alert, the service's recent events, and the flight record that keeps them after ECS forgets the
 * task. Only new incidents pay for it; repeats inside the window do not.
 */
interface IncidentEvidence {
  /** Gathers nothing and records nothing (no bucket configured, unit tests). */
  IncidentEvidence NONE =
      new IncidentEvidence() {
        @Override
        public LogExcerpt lastWords(String event, Finding finding) {
          return null;
        }

        @Override
        public JsonNode serviceEvents(Finding finding) {
          return null;
        }

        @Override
        public String record(FlightRecord record) {
          return null;
        }
      };

  /**
   * The stopped container's last log lines, redacted. Never throws and never takes longer than its
   * time budget (a failure or a timeout is the excerpt's status).
   *
   * @return null when the failure is not one where a container ran
   */
  LogExcerpt lastWords(String event, Finding finding);

  /**
   * The finding's service's newest events (DescribeServices), for the record.
   *
   * @return null when the finding names no service; throws when they could not be read
   */
  JsonNode serviceEvents(Finding finding);

  /**
   * Writes the record once.
   *
   * @return where it is ({@code s3://…}); null when no recorder is configured; throws when the
   *     write failed
   */
  String record(FlightRecord record);
}
