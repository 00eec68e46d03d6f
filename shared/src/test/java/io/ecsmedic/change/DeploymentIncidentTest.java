package io.ecsmedic.change;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ResourceRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentIncidentTest {
  static Finding finding(Category category, String subcause) {
    return new Finding(
        category,
        subcause,
        "sig",
        "summary",
        List.of(),
        List.of(),
        "runbook",
        ResourceRef.service("1", "us-east-1", "prod", "orders"),
        "e-1",
        "ECS Task State Change",
        null);
  }

  static JsonNode detail(String json) throws Exception {
    return Json.MAPPER.readTree("{\"detail\":" + json + "}");
  }

  @Test
  void stopsOfDifferentCausesDuringOneDeploymentAreOneIncident() throws Exception {
    JsonNode stop = detail("{\"startedBy\":\"ecs-svc/42\"}");
    DeploymentIncident oom = DeploymentIncident.of(finding(Category.OOM, "CONTAINER_LIMIT"), stop);
    DeploymentIncident exit = DeploymentIncident.of(finding(Category.APP_EXIT, "EXIT_1"), stop);

    assertThat(oom.key()).isEqualTo("1|us-east-1|prod|orders|DEPLOYMENT|ecs-svc/42");
    assertThat(exit.key()).isEqualTo(oom.key());
    assertThat(oom.inDeployment()).isTrue();
    assertThat(oom.deploymentEvent()).isFalse();
  }

  @Test
  void theDeploymentsOwnEventJoinsItsIncidentAndTellsTheOutcome() throws Exception {
    DeploymentIncident d =
        DeploymentIncident.of(
            finding(Category.DEPLOYMENT_FAILED, "CIRCUIT_BREAKER"),
            detail(
                "{\"deploymentId\":\"ecs-svc/42\",\"eventName\":\"SERVICE_DEPLOYMENT_FAILED\"}"));
    assertThat(d.key()).endsWith("|DEPLOYMENT|ecs-svc/42");
    assertThat(d.deploymentEvent()).isTrue();
  }

  @Test
  void aServiceEventJoinsTheDeploymentTheServiceIsRollingOut() throws Exception {
    Finding placement =
        new Finding(
            Category.CAPACITY_PLACEMENT,
            "RESOURCE_CPU",
            "sig",
            "summary",
            List.of(),
            List.of(),
            "runbook",
            ResourceRef.service("1", "us-east-1", "prod", "orders"),
            "e-2",
            DeploymentIncident.SERVICE_ACTION,
            null);
    JsonNode event = detail("{\"eventName\":\"SERVICE_TASK_PLACEMENT_FAILURE\"}");

    assertThat(
            DeploymentIncident.of(placement, event, () -> java.util.Optional.of("ecs-svc/42"))
                .key())
        .isEqualTo("1|us-east-1|prod|orders|DEPLOYMENT|ecs-svc/42");
    assertThat(DeploymentIncident.of(placement, event, java.util.Optional::empty).key())
        .isEqualTo(placement.fingerprint());
    assertThat(
            DeploymentIncident.of(
                    finding(Category.OOM, "CONTAINER_LIMIT"),
                    detail("{}"),
                    () -> {
                      throw new AssertionError("a task event is not looked up");
                    })
                .inDeployment())
        .isFalse();
  }

  @Test
  void withoutADeploymentOrForAStopThatNeverPagesTheFingerprintStays() throws Exception {
    Finding oom = finding(Category.OOM, "CONTAINER_LIMIT");
    assertThat(DeploymentIncident.of(oom, detail("{\"startedBy\":\"alice\"}")).key())
        .isEqualTo(oom.fingerprint());
    Finding expected = finding(Category.EXPECTED_STOP, "DEPLOYMENT");
    DeploymentIncident scaleIn =
        DeploymentIncident.of(expected, detail("{\"startedBy\":\"ecs-svc/42\"}"));
    assertThat(scaleIn.key()).isEqualTo(expected.fingerprint());
    assertThat(scaleIn.inDeployment()).isFalse();
  }

  @Test
  void aRollbackIsNeverASuccess() {
    assertThat(DeploymentOutcome.ofEcsStatus("ROLLBACK_SUCCESSFUL"))
        .isEqualTo(DeploymentOutcome.ROLLED_BACK);
    assertThat(DeploymentOutcome.ROLLED_BACK.words()).doesNotContain("success");
    assertThat(DeploymentOutcome.ofEcsStatus("ROLLBACK_FAILED"))
        .isEqualTo(DeploymentOutcome.ROLLBACK_FAILED);
    assertThat(DeploymentOutcome.ofEcsStatus("SUCCESSFUL")).isEqualTo(DeploymentOutcome.SUCCESSFUL);
    assertThat(DeploymentOutcome.ofEcsStatus("ROLLBACK_IN_PROGRESS").terminal()).isFalse();
    assertThat(DeploymentOutcome.ofEcsStatus(null)).isEqualTo(DeploymentOutcome.UNKNOWN);
  }
}
