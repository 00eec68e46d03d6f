package io.ecsmedic.aws.change;

import io.ecsmedic.change.DeploymentOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;

/**
 * A service deployment's outcome from ECS's deployment history: {@code ListServiceDeployments}
 * (newest first) and {@code DescribeServiceDeployments}. ECS names a deployment {@code
 * ecs-svc/<number>} in DescribeServices and events, while the history names it by ARN: the one
 * whose target service revision ARN ends in that number is it; failing that, the one created within
 * a minute of the deployment's creation (read from DescribeServices).
 */
public final class DeploymentOutcomes {
  static final Duration SAME_DEPLOYMENT = Duration.ofSeconds(60);

  private final EcsClient ecs;

  public DeploymentOutcomes(EcsClient ecs) {
    this.ecs = ecs;
  }

  public DeploymentOutcome of(String cluster, String service, String deploymentId) {
    List<String> arns =
        ecs
            .listServiceDeployments(l -> l.cluster(cluster).service(service).maxResults(20))
            .serviceDeployments()
            .stream()
            .map(ServiceDeploymentBrief::serviceDeploymentArn)
            .toList();
    if (arns.isEmpty()) {
      return DeploymentOutcome.UNKNOWN;
    }
    List<ServiceDeployment> history =
        ecs.describeServiceDeployments(d -> d.serviceDeploymentArns(arns)).serviceDeployments();
    String number = deploymentId.substring(deploymentId.indexOf('/') + 1);
    for (ServiceDeployment d : history) {
      if (d.targetServiceRevision() != null
          && d.targetServiceRevision().arn() != null
          && d.targetServiceRevision().arn().endsWith("/" + number)) {
        return DeploymentOutcome.ofEcsStatus(d.statusAsString());
      }
    }
    Instant created = createdAt(cluster, service, deploymentId);
    if (created == null) {
      return DeploymentOutcome.UNKNOWN;
    }
    return history.stream()
        .filter(d -> d.createdAt() != null)
        .filter(d -> Duration.between(d.createdAt(), created).abs().compareTo(SAME_DEPLOYMENT) <= 0)
        .findFirst()
        .map(d -> DeploymentOutcome.ofEcsStatus(d.statusAsString()))
        .orElse(DeploymentOutcome.UNKNOWN);
  }

  /**
   * The deployment the service is rolling out: its PRIMARY deployment while ECS reports it
   * IN_PROGRESS (DescribeServices); empty when none is.
   */
  public java.util.Optional<String> inProgress(String cluster, String service) {
    return ecs.describeServices(d -> d.cluster(cluster).services(service)).services().stream()
        .flatMap(s -> s.deployments().stream())
        .filter(d -> "PRIMARY".equals(d.status()))
        .filter(d -> "IN_PROGRESS".equals(d.rolloutStateAsString()))
        .map(d -> d.id())
        .findFirst();
  }

  private Instant createdAt(String cluster, String service, String deploymentId) {
    return ecs.describeServices(d -> d.cluster(cluster).services(service)).services().stream()
        .flatMap(s -> s.deployments().stream())
        .filter(d -> deploymentId.equals(d.id()))
        .map(d -> d.createdAt())
        .findFirst()
        .orElse(null);
  }
}
