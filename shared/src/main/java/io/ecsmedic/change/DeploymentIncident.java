package io.ecsmedic.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.model.Finding;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One incident per deployment (docs/architecture.md, "Noise control"): a paging finding about a
 * service deployment (a task it started, {@code startedBy = ecs-svc/<id>}, or the deployment's own
 * state-change event, or a service event while the service has a deployment in progress) belongs to
 * that deployment's incident, whatever its category. A storm of stops during one rollout then pages
 * once and the deployment's outcome is told on that incident. Findings that never page
 * (EXPECTED_STOP, SPOT_INTERRUPTION) and findings without a deployment keep their fingerprint.
 *
 * @param key the incident key: {@link Finding#fingerprint()}, or account|region|cluster|service|
 *     DEPLOYMENT|&lt;deployment id&gt;
 * @param deploymentId the deployment; null when the finding is not about one
 * @param deploymentEvent whether the input is the deployment's own state-change event (its outcome)
 */
public record DeploymentIncident(String key, String deploymentId, boolean deploymentEvent) {

  /** Prefix of a service deployment's id; service tasks carry it as {@code startedBy}. */
  public static final String SERVICE_DEPLOYMENT = "ecs-svc/";

  /** The detail-type of ECS's service events, which name no deployment. */
  public static final String SERVICE_ACTION = "ECS Service Action";

  /** The incident a finding belongs to, given the input it was read from. */
  public static DeploymentIncident of(Finding finding, JsonNode input) {
    return of(finding, input, Optional::empty);
  }

  /**
   * The same, where a service event (which names no deployment) joins the deployment {@code
   * inProgress} says the service is rolling out; asked only for a paging service event.
   */
  public static DeploymentIncident of(
      Finding finding, JsonNode input, Supplier<Optional<String>> inProgress) {
    JsonNode detail = input == null ? null : input.path("detail");
    String startedBy = detail == null ? "" : detail.path("startedBy").asText("");
    String deploymentId = detail == null ? "" : detail.path("deploymentId").asText("");
    boolean deploymentEvent = !deploymentId.isEmpty();
    String id =
        deploymentEvent
            ? deploymentId
            : startedBy.startsWith(SERVICE_DEPLOYMENT) ? startedBy : null;
    if (!finding.category().pages() || finding.resource().service() == null) {
      return new DeploymentIncident(finding.fingerprint(), null, false);
    }
    if (id == null && SERVICE_ACTION.equals(finding.detailType())) {
      id = inProgress.get().orElse(null);
    }
    if (id == null) {
      return new DeploymentIncident(finding.fingerprint(), null, false);
    }
    return new DeploymentIncident(key(finding, id), id, deploymentEvent);
  }

  private static String key(Finding f, String deploymentId) {
    String[] parts = f.fingerprint().split("\\|", -1);
    return String.join("|", parts[0], parts[1], parts[2], parts[3], "DEPLOYMENT", deploymentId);
  }

  /** Whether the finding belongs to a deployment's incident. */
  public boolean inDeployment() {
    return deploymentId != null;
  }
}
