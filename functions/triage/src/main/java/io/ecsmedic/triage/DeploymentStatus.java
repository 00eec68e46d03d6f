package io.ecsmedic.triage;

import io.ecsmedic.aws.change.DeploymentOutcomes;
import io.ecsmedic.change.DeploymentOutcome;
import java.util.Optional;

/**
 * A service deployment's outcome as ECS reports it (DescribeServiceDeployments), and the deployment
 * a service is rolling out (DescribeServices), for service events that name none.
 */
interface DeploymentStatus {
  DeploymentStatus NONE = (cluster, service, deploymentId) -> DeploymentOutcome.UNKNOWN;

  DeploymentOutcome outcome(String cluster, String service, String deploymentId);

  /** The deployment in progress; none unless a real reader says so. */
  default Optional<String> inProgress(String cluster, String service) {
    return Optional.empty();
  }

  static DeploymentStatus from(DeploymentOutcomes outcomes) {
    return new DeploymentStatus() {
      @Override
      public DeploymentOutcome outcome(String cluster, String service, String deploymentId) {
        return outcomes.of(cluster, service, deploymentId);
      }

      @Override
      public Optional<String> inProgress(String cluster, String service) {
        return outcomes.inProgress(cluster, service);
      }
    };
  }
}
