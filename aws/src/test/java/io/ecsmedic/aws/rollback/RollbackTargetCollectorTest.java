package io.ecsmedic.aws.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.rollback.RollbackTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * ECS's deployment history (ListServiceDeployments, DescribeServiceRevisions) answers when the
 * service's current deployments do not. The local emulator answers those two calls with nothing at
 * all, so this test is a narrow fake of exactly those reads (and DescribeTaskDefinition, to say
 * ACTIVE); everything the collector does with the answers is the real code.
 */
class RollbackTargetCollectorTest {
  private static final String TD = "arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout:";
  private static final Service FAILING_ALONE =
      Service.builder()
          .serviceName("checkout")
          .clusterArn("arn:aws:ecs:eu-west-1:123456789012:cluster/prod")
          .taskDefinition(TD + "215")
          .deployments(
              Deployment.builder()
                  .id("ecs-svc/215")
                  .status("PRIMARY")
                  .taskDefinition(TD + "215")
                  .rolloutState("COMPLETED")
                  .build())
          .build();

  /** The history: 213 succeeded, then 214, then 215 (the failing one, completed too). */
  static final class History implements EcsClient {
    final List<String> calls = new ArrayList<>();
    boolean refuse;

    @Override
    public ListServiceDeploymentsResponse listServiceDeployments(ListServiceDeploymentsRequest r) {
      calls.add("ListServiceDeployments " + r.statusAsStrings());
      if (refuse) {
        throw EcsException.builder().message("AccessDenied").build();
      }
      return ListServiceDeploymentsResponse.builder()
          .serviceDeployments(deployment(213, 1), deployment(215, 3), deployment(214, 2))
          .build();
    }

    @Override
    public DescribeServiceRevisionsResponse describeServiceRevisions(
        DescribeServiceRevisionsRequest r) {
      calls.add("DescribeServiceRevisions " + r.serviceRevisionArns().size());
      return DescribeServiceRevisionsResponse.builder()
          .serviceRevisions(
              r.serviceRevisionArns().stream()
                  .map(
                      arn ->
                          ServiceRevision.builder()
                              .serviceRevisionArn(arn)
                              .taskDefinition(TD + arn.substring(arn.lastIndexOf('-') + 1))
                              .build())
                  .toList())
          .build();
    }

    @Override
    public DescribeTaskDefinitionResponse describeTaskDefinition(DescribeTaskDefinitionRequest r) {
      calls.add("DescribeTaskDefinition " + r.taskDefinition());
      return DescribeTaskDefinitionResponse.builder()
          .taskDefinition(
              TaskDefinition.builder()
                  .taskDefinitionArn(r.taskDefinition())
                  .status("ACTIVE")
                  .build())
          .build();
    }

    @Override
    public String serviceName() {
      return "ecs";
    }

    @Override
    public void close() {}

    private static ServiceDeploymentBrief deployment(int revision, int hour) {
      return ServiceDeploymentBrief.builder()
          .serviceDeploymentArn(
              "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/checkout/d" + revision)
          .targetServiceRevisionArn(
              "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/checkout/rev-" + revision)
          .status(ServiceDeploymentStatus.SUCCESSFUL)
          .finishedAt(Instant.parse("2026-12-01T00:00:00Z").plusSeconds(hour * 3600L))
          .build();
    }
  }

  @Test
  void withNoOtherDeploymentTheNewestSuccessfulOtherRevisionOfTheHistoryIsTheTarget() {
    History ecs = new History();

    RollbackTarget target = new RollbackTargetCollector(ecs).target(FAILING_ALONE, List.of());

    assertThat(target.taskDefinition()).isEqualTo(TD + "214");
    assertThat(target.why()).contains("ECS deployment history").contains("SUCCESSFUL");
    assertThat(ecs.calls)
        .containsExactly(
            "ListServiceDeployments [SUCCESSFUL]",
            "DescribeServiceRevisions 3",
            "DescribeTaskDefinition " + TD + "214");
  }

  @Test
  void aHistoryNobodyMayReadLeavesNoTargetAndNoGuess() {
    History ecs = new History();
    ecs.refuse = true;

    RollbackTarget target = new RollbackTargetCollector(ecs).target(FAILING_ALONE, List.of());

    assertThat(target.known()).isFalse();
    assertThat(ecs.calls).containsExactly("ListServiceDeployments [SUCCESSFUL]");
  }
}
