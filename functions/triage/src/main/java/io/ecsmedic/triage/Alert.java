package io.ecsmedic.triage;

import io.ecsmedic.change.ChangeReport;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.model.Finding;
import java.util.List;

/**
 * One alert that opens (or re-opens, after the window) an incident, as every channel renders it.
 *
 * @param repeatsFolded repeats since the previous alert of this fingerprint (the digest count)
 * @param checked the deep check's verdict line then its failing steps; empty when none ran
 * @param notes what the reader must know before acting, shown above the diagnosis: why the mode is
 *     not the configured one, that the event came from another account; empty for most alerts
 * @param changed what changed before the failure, which the alert leads with; null when not read
 * @param lastWords the container's last log lines (or why there are none); null when no container
 *     ran or none were looked for
 * @param evidenceRecord where the incident's flight record is ({@code s3://…}); null when none was
 *     written
 */
record Alert(
    Finding finding,
    String incidentId,
    long repeatsFolded,
    List<String> checked,
    List<String> notes,
    ChangeReport changed,
    LogExcerpt lastWords,
    String evidenceRecord) {

  Alert {
    checked = List.copyOf(checked);
    notes = List.copyOf(notes);
  }

  /** An alert without a change report, the container's last words or a flight record. */
  Alert(
      Finding finding,
      String incidentId,
      long repeatsFolded,
      List<String> checked,
      List<String> notes) {
    this(finding, incidentId, repeatsFolded, checked, notes, null, null, null);
  }

  /** The lines of the "what changed" section; empty when there is nothing to say. */
  List<String> whatChanged() {
    return changed == null ? List.of() : changed.lines();
  }

  /** An alert without a deep check or notes. */
  Alert(Finding finding, String incidentId, long repeatsFolded) {
    this(finding, incidentId, repeatsFolded, List.of(), List.of());
  }
}
