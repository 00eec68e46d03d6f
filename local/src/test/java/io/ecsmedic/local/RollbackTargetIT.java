package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.rollback.RollbackTargetCollector;
import io.ecsmedic.rollback.RollbackTarget;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The rollback-target collector against the emulator's task definitions: a steady revision that was
 * deregistered (INACTIVE) is set aside for the next one, because ECS cannot deploy it.
 *
 * <p>The service is the DescribeServices answer ECS gives during a stuck rollout (the completed
 * releases still listed). MiniStack completes every rollout at once and drops the replaced
 * deployment, so that answer is built here; the task definitions and their status are real.
 */
class RollbackTargetIT {
  final LocalAws aws = LocalAws.fromEnv(System.getenv());

  @Test
  void anInactiveSteadyRevisionIsSkippedForTheNextActiveOne() {
    EcsClient ecs = aws.client(EcsClient.builder());
    String family = "rollback-target-it-" + System.nanoTime();
    String first = register(ecs, family);
    String second = register(ecs, family);
    String failing = register(ecs, family);
    ecs.deregisterTaskDefinition(r -> r.taskDefinition(second));
    Service stuck =
        Service.builder()
            .serviceName("checkout")
            .taskDefinition(failing)
            .deployments(
                deployment("ecs-svc/3", "PRIMARY", failing, "IN_PROGRESS"),
                deployment("ecs-svc/2", "ACTIVE", second, "COMPLETED"),
                deployment("ecs-svc/1", "ACTIVE", first, "COMPLETED"))
            .build();

    RollbackTargetCollector collector = new RollbackTargetCollector(ecs);
    RollbackTarget target = collector.target(stuck, List.of());

    assertThat(target.taskDefinition()).isEqualTo(first);
    assertThat(collector.calls()).isEqualTo(2);
  }

  @Test
  void aSingleCompletedDeploymentWithNoHistoryHasNoTargetAndAsksOnlyTheHistory() {
    EcsClient ecs = aws.client(EcsClient.builder());
    String family = "rollback-target-it-" + System.nanoTime();
    register(ecs, family);
    String current = register(ecs, family);
    Service steady =
        Service.builder()
            .serviceName("checkout")
            .taskDefinition(current)
            .deployments(deployment("ecs-svc/2", "PRIMARY", current, "COMPLETED"))
            .build();

    RollbackTargetCollector collector = new RollbackTargetCollector(ecs);
    RollbackTarget target = collector.target(steady, List.of());

    assertThat(target.known()).isFalse();
    // One read of ECS's deployment history (the emulator keeps none), no guess, nothing confirmed.
    assertThat(collector.calls()).isEqualTo(1);
  }

  private static Deployment deployment(String id, String status, String td, String rollout) {
    return Deployment.builder()
        .id(id)
        .status(status)
        .taskDefinition(td)
        .rolloutState(rollout)
        .build();
  }

  private static String register(EcsClient ecs, String family) {
    return ecs.registerTaskDefinition(
            r ->
                r.family(family)
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC)
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(
                        c ->
                            c.name("app")
                                .image(LocalAws.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/app:1")
                                .essential(true)))
        .taskDefinition()
        .taskDefinitionArn();
  }
}
