package io.ecsmedic.aws.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit table's pure parts; reads and writes are tested against the emulator (AuditTableIT).
 */
class AuditTableTest {

  @Test
  void anIncidentIdIsAShortHashOfTheFingerprintAndTheSecondItWasNotified() {
    Instant t = Instant.parse("2026-03-01T10:15:30.999Z");

    String id = AuditTable.incidentId("123456789012|us-east-1|prod|api|OOM|CONTAINER_LIMIT", t);

    assertThat(id).matches("[0-9a-f]{12}-" + t.getEpochSecond());
    assertThat(AuditTable.incidentId("123456789012|us-east-1|prod|api|OOM|CONTAINER_LIMIT", t))
        .isEqualTo(id);
    assertThat(AuditTable.incidentId("123456789012|us-east-1|prod|web|OOM|CONTAINER_LIMIT", t))
        .isNotEqualTo(id);
  }

  @Test
  void aCleanupPlanCountsItsDeletionsAcrossRepositories() {
    CleanupPlan plan =
        new CleanupPlan(
            "ecr-1", Map.of("a", List.of("d1", "d2"), "b", List.of("d3")), "text", Instant.EPOCH);

    assertThat(plan.deletions()).isEqualTo(3);
  }

  @Test
  void anApprovalRequestNeverPrintsItsTaskToken() {
    ApprovalRequest r =
        new ApprovalRequest(
            "inc-1", "secret-token", Instant.EPOCH, Instant.EPOCH, "prod", "api", "raise memory");

    assertThat(r.toString()).contains("inc-1").doesNotContain("secret-token");
  }
}
