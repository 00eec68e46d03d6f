package io.ecsmedic.triage;

import io.ecsmedic.aws.change.DeploymentOutcomes;
import io.ecsmedic.change.DeploymentOutcome;

/** A service deployment's outcome as ECS reports it (DescribeServiceDeployments). */
interface DeploymentStatus {
  DeploymentStatus NONE = (cluster, service, deploymentId) -> DeploymentOutcome.UNKNOWN;

  DeploymentOutcome outcome(String cluster, String service, String deploymentId);

  static DeploymentStatus from(DeploymentOutcomes outcomes) {
    return outcomes::of;
  }
}
