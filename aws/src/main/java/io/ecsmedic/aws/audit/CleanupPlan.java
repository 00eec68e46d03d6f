package io.ecsmedic.aws.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An ECR cleanup run's plan as stored for its approval: the digests each repository would lose, and
 * the report people approve.
 *
 * @param digests repository name to the digests planned for deletion
 * @param text the report people approve
 * @param expiresAt when DynamoDB's TTL removes the plan
 */
public record CleanupPlan(
    String runId, Map<String, List<String>> digests, String text, Instant expiresAt) {

  /** How many images the plan deletes. */
  public long deletions() {
    return digests.values().stream().mapToLong(List::size).sum();
  }
}
