package io.ecsmedic.triage;

import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.SlackThread;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Incident threads in the audit table, kept as long as the audit records. */
final class DynamoSlackThreads implements SlackThreadStore {
  private final AuditTable table;
  private final Duration retention;
  private final Clock clock;

  DynamoSlackThreads(AuditTable table, Duration retention, Clock clock) {
    this.table = table;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public Optional<SlackThread> threadOf(String incidentId) {
    return table.slackThread(incidentId);
  }

  @Override
  public void saveThread(String incidentId, String channel, String ts) {
    table.saveSlackThread(
        incidentId, new SlackThread(channel, ts), clock.instant().plus(retention));
  }
}
