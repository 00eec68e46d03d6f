package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.change.DeploymentIncident;
import io.ecsmedic.change.DeploymentOutcome;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ResourceRef;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a deployment's incident tells beyond its first alert (docs/architecture.md, "Noise
 * control"). The first alert says how the deployment stands, when ECS's history knows it. A repeat
 * stays quiet, except:
 *
 * <ul>
 *   <li>the deployment's own state-change event, once ECS reports the deployment over: an update on
 *       the incident with the outcome (rolled back, rollback failed, successful, stopped: a
 *       rollback is never a success);
 *   <li>the {@code threshold}-th failure while ECS still reports the deployment in progress: a
 *       crash loop the circuit breaker does not stop (tasks that keep exiting, or a breaker that is
 *       off), escalated once; the occurrence count is the incident's atomic counter, so exactly one
 *       event reaches it.
 * </ul>
 *
 * A failed read of the outcome is UNKNOWN: the alert says so and nothing is escalated on it.
 */
final class DeploymentFolding {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentFolding.class);

  /** What to tell; {@code update} when a repeat alerts after all. */
  record Told(List<String> notes, boolean update, String why) {
    static final Told NOTHING = new Told(List.of(), false, null);
  }

  private final DeploymentStatus status;
  private final long crashLoopThreshold;

  DeploymentFolding(DeploymentStatus status, long crashLoopThreshold) {
    this.status = status;
    this.crashLoopThreshold = crashLoopThreshold;
  }

  Told tell(DeploymentIncident incident, ResourceRef resource, boolean opens, long occurrences) {
    if (!incident.inDeployment()) {
      return Told.NOTHING;
    }
    String id = incident.deploymentId();
    if (opens) {
      DeploymentOutcome o = outcome(resource, id);
      return o == DeploymentOutcome.UNKNOWN
          ? Told.NOTHING
          : new Told(List.of("Deployment " + id + ": " + o.words()), false, null);
    }
    if (incident.deploymentEvent()) {
      DeploymentOutcome o = outcome(resource, id);
      return o.terminal()
          ? new Told(
              List.of(
                  "Deployment "
                      + id
                      + " "
                      + o.words()
                      + " ("
                      + occurrences
                      + " failures in this incident)"),
              true,
              "deployment outcome")
          : Told.NOTHING;
    }
    if (occurrences == crashLoopThreshold) {
      DeploymentOutcome o = outcome(resource, id);
      if (o == DeploymentOutcome.IN_PROGRESS) {
        return new Told(
            List.of(
                "Crash loop: "
                    + occurrences
                    + " failures during deployment "
                    + id
                    + ", which ECS still reports in progress: the circuit breaker has not stopped"
                    + " it"),
            true,
            "crash loop escalation");
      }
    }
    return Told.NOTHING;
  }

  /** The incident of a finding: its deployment's when it has one ({@link DeploymentIncident}). */
  DeploymentIncident incidentOf(Finding finding, JsonNode input) {
    return DeploymentIncident.of(finding, input, () -> inProgress(finding.resource()));
  }

  private Optional<String> inProgress(ResourceRef r) {
    try {
      return status.inProgress(r.cluster(), r.service());
    } catch (RuntimeException e) {
      LOG.warn("deployment of {}/{} not read: {}", r.cluster(), r.service(), e.toString());
      return Optional.empty();
    }
  }

  private DeploymentOutcome outcome(ResourceRef r, String deploymentId) {
    try {
      return status.outcome(r.cluster(), r.service(), deploymentId);
    } catch (RuntimeException e) {
      LOG.warn("outcome of deployment {} not read: {}", deploymentId, e.toString());
      return DeploymentOutcome.UNKNOWN;
    }
  }
}
