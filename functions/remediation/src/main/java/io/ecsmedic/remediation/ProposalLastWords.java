package io.ecsmedic.remediation;

import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.workflow.Enrichment;
import java.util.Optional;

/**
 * The container's last words for a proposal: the newest stopped task's last log lines as the Enrich
 * step read them (already redacted there), so the person approving a fix sees what the container
 * said before it stopped, as the alert showed it.
 */
final class ProposalLastWords {
  /** The most lines a proposal shows: the alert already showed the rest. */
  static final int MAX_LINES = 10;

  /** Slack's section limit leaves room for about this many bytes of lines. */
  static final int MAX_BYTES = 2500;

  private ProposalLastWords() {}

  /** The excerpt, or empty when Enrich found no stopped task with log lines. */
  static Optional<LogExcerpt> of(Enrichment enrichment) {
    if (enrichment == null || enrichment.stoppedTasks() == null) {
      return Optional.empty();
    }
    return enrichment.stoppedTasks().stream()
        .map(Enrichment.StoppedTask::lastLog)
        .filter(l -> l != null && !l.lines().isEmpty())
        .findFirst()
        .map(
            l ->
                LogExcerpt.read(
                    container(l.stream()),
                    "awslogs " + l.stream(),
                    l.lines(),
                    MAX_LINES,
                    MAX_BYTES));
  }

  /** {@code <prefix>/<container>/<task id>}: the container's name is the middle part. */
  private static String container(String stream) {
    String[] parts = stream.split("/");
    return parts.length >= 3 ? parts[parts.length - 2] : null;
  }
}
