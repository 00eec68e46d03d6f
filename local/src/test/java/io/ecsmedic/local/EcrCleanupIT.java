package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Deleting unused ECR images needs a human: the scheduled run stores its plan and starts the
 * cleanup workflow, which asks for approval through the approval function; a rejection deletes
 * nothing, an approval deletes exactly the plan (by digest), and both are audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrCleanupIT {
  static final String REGISTRY = "000000000000.dkr.ecr.us-east-1.amazonaws.com";
  static final String LINK_SECRET = "local-test-link-secret-0123456789abcdef";

  LocalStackSession stack;
  EcrClient ecr;
  final List<JsonNode> inbox = new ArrayList<>();

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-ecr-cleanup",
            aws ->
                Map.of(
                    "EcrCleanupApproval",
                    "Enabled",
                    "EcrKeepNewestTagged",
                    "1",
                    "EcrKeepPushedWithinDays",
                    "0",
                    "ApprovalTimeoutSeconds",
                    "30",
                    "AuditRetentionDays",
                    "7",
                    "LinkApprovals",
                    "Enabled",
                    "ApprovalLinkSecretArn",
                    aws.client(SecretsManagerClient.builder())
                        .createSecret(r -> r.name("ecs-medic/links").secretString(LINK_SECRET))
                        .arn()));
    ecr = stack.aws.client(EcrClient.builder());
    EcsClient ecs = stack.aws.client(EcsClient.builder());
    ecs.createCluster(r -> r.clusterName("prod"));
    String td =
        ecs.registerTaskDefinition(
                r ->
                    r.family("web")
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(
                            c -> c.name("app").image(REGISTRY + "/web:in-use").essential(true)))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.createService(
        r ->
            r.cluster("prod")
                .serviceName("web")
                .taskDefinition(td)
                .desiredCount(0)
                .launchType(LaunchType.FARGATE));
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  /** A repository with one image in use, two unused ones and the newest (kept by policy). */
  void seed(String repo) throws InterruptedException {
    ecr.createRepository(r -> r.repositoryName(repo));
    for (String tag : List.of("in-use", "old-1", "old-2")) {
      ecr.putImage(
          r -> r.repositoryName(repo).imageTag(tag).imageManifest(EcrImages.manifest(repo + tag)));
    }
    Thread.sleep(1100);
    ecr.putImage(
        r ->
            r.repositoryName(repo)
                .imageTag("newest")
                .imageManifest(EcrImages.manifest(repo + "newest")));
  }

  List<String> tagsLeft(String repo) {
    List<String> tags = new ArrayList<>();
    ecr.describeImages(r -> r.repositoryName(repo))
        .imageDetails()
        .forEach(d -> tags.addAll(d.imageTags()));
    return tags;
  }

  String scheduledRun() throws Exception {
    JsonNode report = stack.invoke("EcrHygieneFunction", "{}");
    assertThat(report.path("cleanupRun").asText()).as(report.toString()).startsWith("ecr-");
    return report.path("cleanupRun").asText();
  }

  JsonNode awaitProposal(String runId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode m : inbox) {
        if (m.path("kind").asText().equals("ecr-cleanup-proposal")
            && m.path("runId").asText().equals(runId)) {
          return m;
        }
      }
      inbox.addAll(stack.alerts(0, Duration.ofSeconds(1)));
    }
    throw new AssertionError("no cleanup proposal for " + runId);
  }

  JsonNode submit(String link) throws Exception {
    return stack.invokeFunctionUrl(
        "ApprovalFunction",
        "POST",
        "/approve",
        Map.of("content-type", "application/x-www-form-urlencoded"),
        URI.create(link).getRawQuery(),
        "192.0.2.7");
  }

  ExecutionStatus awaitEnd(String runId) throws InterruptedException {
    return stack
        .awaitExecution(
            "arn:aws:states:us-east-1:000000000000:execution:ecs-medic-e2e-ecr-cleanup-ecr-cleanup:"
                + runId,
            Duration.ofSeconds(60))
        .status();
  }

  List<String> decisions(String runId) {
    return stack.auditItems("ECR").stream()
        .filter(i -> i.containsKey("runId") && i.get("runId").s().equals(runId))
        .sorted((a, b) -> a.get("sk").s().compareTo(b.get("sk").s()))
        .map(i -> i.get("decision").s())
        .toList();
  }

  @Test
  void aRejectedCleanupDeletesNothingAndAnApprovedOneDeletesExactlyThePlan() throws Exception {
    seed("web");

    String rejectedRun = scheduledRun();
    JsonNode first = awaitProposal(rejectedRun);
    assertThat(first.path("deletions").asInt()).isEqualTo(2);
    assertThat(submit(first.path("rejectUrl").asText()).path("statusCode").asInt()).isEqualTo(200);
    assertThat(awaitEnd(rejectedRun)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(tagsLeft("web")).containsExactlyInAnyOrder("in-use", "old-1", "old-2", "newest");
    assertThat(decisions(rejectedRun))
        .containsExactly("ECR_CLEANUP_PROPOSED", "ECR_CLEANUP_REJECTED");

    Thread.sleep(1100); // run ids are per second
    String approvedRun = scheduledRun();
    JsonNode second = awaitProposal(approvedRun);
    assertThat(submit(second.path("approveUrl").asText()).path("statusCode").asInt())
        .isEqualTo(200);
    assertThat(awaitEnd(approvedRun)).isEqualTo(ExecutionStatus.SUCCEEDED);

    assertThat(tagsLeft("web")).containsExactlyInAnyOrder("in-use", "newest");
    assertThat(decisions(approvedRun))
        .containsExactly("ECR_CLEANUP_PROPOSED", "ECR_CLEANUP_DELETED");
    Map<String, AttributeValue> deleted =
        stack.auditItems("ECR").stream()
            .filter(i -> i.get("decision").s().equals("ECR_CLEANUP_DELETED"))
            .findFirst()
            .orElseThrow();
    assertThat(deleted.get("detail").s()).startsWith("deleted 2 of the 2 approved images");
    assertThat(deleted.get("approver").s())
        .matches("signed link, request [0-9a-f]{8}, from 192\\.0\\.2\\.7, user-agent unknown");
    // The stack's AuditRetentionDays (7 here), like every other audit record.
    assertThat(
            Long.parseLong(deleted.get("expiresAt").n())
                - Instant.parse(deleted.get("at").s()).getEpochSecond())
        .isEqualTo(Duration.ofDays(7).toSeconds());
  }
}
