package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.ecr.EcrHygiene;
import io.ecsmedic.ecr.HygienePolicy;
import io.ecsmedic.ecr.RepositoryPlan;
import io.ecsmedic.ecr.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsResponse;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;

/**
 * A cleanup never deletes the image a rollback would run. The estate is real (ECR images, task
 * definitions, a service on its failing revision, all in the emulator) and so are the in-use
 * collection, the plan and the deletion. One thing is not: MiniStack completes every rollout at
 * once and answers ECS's deployment history (ListServiceDeployments, DescribeServiceRevisions) with
 * nothing, so those two reads, and only those, come from a narrow fake saying that revision 1 was
 * the last one to reach a steady state.
 */
class EcrRollbackTargetIT {
  final LocalAws aws = LocalAws.fromEnv(System.getenv());
  final String repo = "rollback-keep-" + System.nanoTime();
  final String cluster =
      repo; // one service per cluster: the fake history below answers for it alone
  final String registry = LocalAws.ACCOUNT + ".dkr.ecr." + aws.region() + ".amazonaws.com";

  @Test
  void theImageOfTheRevisionARollbackWouldRunIsKeptAndNotDeleted() throws Exception {
    EcrClient ecr = aws.client(EcrClient.builder());
    EcsClient ecs = aws.client(EcsClient.builder());
    ecr.createRepository(r -> r.repositoryName(repo));
    for (String tag : List.of("v1", "v2")) {
      ecr.putImage(
          r -> r.repositoryName(repo).imageTag(tag).imageManifest(EcrImages.manifest(repo + tag)));
      Thread.sleep(1100); // v2 is the newest
    }
    ecs.createCluster(r -> r.clusterName(cluster));
    String steady = register(ecs, "v1");
    String failing = register(ecs, "v2");
    ecs.createService(
        r ->
            r.cluster(cluster)
                .serviceName(repo)
                .taskDefinition(failing)
                .desiredCount(0)
                .launchType(LaunchType.FARGATE));
    // Keep only the newest tagged image and nothing for its age: v1 goes unless something keeps it.
    HygienePolicy policy = new HygienePolicy(1, Duration.ZERO, List.of(), Duration.ZERO);

    EcrHygiene.Plan withoutHistory =
        new EcrHygiene(aws.clients(), LocalAws.ACCOUNT, policy, Clock.systemUTC()).plan();
    AwsClientFactory withHistory =
        aws.clients().withClient(EcsClient.class, withDeploymentHistory(ecs, repo, steady));
    EcrHygiene hygiene = new EcrHygiene(withHistory, LocalAws.ACCOUNT, policy, Clock.systemUTC());
    EcrHygiene.Plan plan = hygiene.plan();

    assertThat(deletedTags(withoutHistory)).as("without the history, v1 would go").contains("v1");
    assertThat(deletedTags(plan)).doesNotContain("v1", "v2");
    assertThat(verdictOf(plan, "v1").reason())
        .contains("rollback target of " + cluster + "/" + repo);
    hygiene.deleteConfirmed(plan);
    assertThat(ecr.describeImages(r -> r.repositoryName(repo)).imageDetails())
        .flatExtracting(d -> d.imageTags())
        .containsExactlyInAnyOrder("v1", "v2");
  }

  private String register(EcsClient ecs, String tag) {
    return ecs.registerTaskDefinition(
            r ->
                r.family(repo)
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC)
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(
                        c ->
                            c.name("app").image(registry + "/" + repo + ":" + tag).essential(true)))
        .taskDefinition()
        .taskDefinitionArn();
  }

  private List<String> deletedTags(EcrHygiene.Plan plan) {
    List<String> tags = new ArrayList<>();
    for (RepositoryPlan p : plan.plans()) {
      if (p.repository().equals(repo)) {
        p.deletions().forEach(d -> tags.addAll(d.image().tags()));
      }
    }
    return tags;
  }

  private Verdict verdictOf(EcrHygiene.Plan plan, String tag) {
    return plan.plans().stream()
        .filter(p -> p.repository().equals(repo))
        .flatMap(p -> p.verdicts().stream())
        .filter(v -> v.image().tags().contains(tag))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The emulator's ECS client, except that ECS's deployment history says {@code steady} was the
   * last revision of {@code service} to reach a steady state. Other services (of earlier runs) have
   * no history, as in MiniStack.
   */
  private static EcsClient withDeploymentHistory(EcsClient real, String service, String steady) {
    String revision = "arn:aws:ecs:us-east-1:000000000000:service-revision/rollback-keep/r1";
    EcsClient listing =
        NarrowFakes.decorate(
            EcsClient.class,
            real,
            "listServiceDeployments",
            ListServiceDeploymentsRequest.class,
            ListServiceDeploymentsRequest::builder,
            request ->
                !service.equals(request.service())
                    ? ListServiceDeploymentsResponse.builder().build()
                    : ListServiceDeploymentsResponse.builder()
                        .serviceDeployments(
                            ServiceDeploymentBrief.builder()
                                .serviceDeploymentArn("arn:aws:ecs:::service-deployment/d1")
                                .targetServiceRevisionArn(revision)
                                .status(ServiceDeploymentStatus.SUCCESSFUL)
                                .finishedAt(Instant.now().minusSeconds(3600))
                                .build())
                        .build());
    return NarrowFakes.decorate(
        EcsClient.class,
        listing,
        "describeServiceRevisions",
        DescribeServiceRevisionsRequest.class,
        DescribeServiceRevisionsRequest::builder,
        request ->
            DescribeServiceRevisionsResponse.builder()
                .serviceRevisions(
                    ServiceRevision.builder()
                        .serviceRevisionArn(revision)
                        .taskDefinition(steady)
                        .build())
                .build());
  }
}
