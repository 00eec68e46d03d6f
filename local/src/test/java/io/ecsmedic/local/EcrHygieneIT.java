package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * The ECR hygiene dry run, deployed and invoked in the emulator over a seeded estate: it must keep
 * exactly what is in use (by tag, by digest, by a service scaled to 0, as a child of an index in
 * use) and what the policy keeps, and list the rest with the bytes it would save.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcrHygieneIT {
  static final String REGISTRY = "000000000000.dkr.ecr.us-east-1.amazonaws.com";

  LocalStackSession stack;
  EcrClient ecr;
  EcsClient ecs;
  final Map<String, String> digests = new java.util.HashMap<>();

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-ecr",
            aws -> Map.of("EcrKeepNewestTagged", "1", "EcrKeepPushedWithinDays", "0"));
    ecr = stack.aws.client(EcrClient.builder());
    ecs = stack.aws.client(EcsClient.builder());
    ecs.createCluster(r -> r.clusterName("prod"));
    ecr.createRepository(r -> r.repositoryName("orders"));
    for (String tag : List.of("old-a", "old-b", "v1", "v2")) {
      push("orders", tag, EcrImages.manifest(tag));
    }
    push("orders", null, EcrImages.manifest("untagged-old"));
    // A multi-platform index (in use by tag) and its two platform images (untagged).
    String amd = push("orders", null, EcrImages.manifest("multi-amd64"));
    String arm = push("orders", null, EcrImages.manifest("multi-arm64"));
    push("orders", "multi", index(amd, arm));
    Thread.sleep(1100); // the newest tagged image is pushed last
    push("orders", "v3", EcrImages.manifest("v3"));

    service("orders-idle", REGISTRY + "/orders:v1", 0);
    service("orders-live", REGISTRY + "/orders@" + digests.get("v2"), 2);
    service("orders-multi", REGISTRY + "/orders:multi", 1);
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  /** Pushes the image (EcrImages.push) and remembers its digest by tag. */
  String push(String repo, String tag, String manifest) {
    String digest = EcrImages.push(ecr, repo, tag, manifest);
    digests.put(tag == null ? manifest : tag, digest);
    return digest;
  }

  static String index(String amd, String arm) {
    return """
        {"schemaVersion": 2,
         "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
         "manifests": [
           {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528,
            "digest": "%s", "platform": {"architecture": "amd64", "os": "linux"}},
           {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528,
            "digest": "%s", "platform": {"architecture": "arm64", "os": "linux"}}]}
        """
        .formatted(amd, arm);
  }

  void service(String name, String image, int desired) {
    String td =
        ecs.registerTaskDefinition(
                r ->
                    r.family(name)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("app").image(image).essential(true)))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.createService(
        r ->
            r.cluster("prod")
                .serviceName(name)
                .taskDefinition(td)
                .desiredCount(desired)
                .launchType(LaunchType.FARGATE));
  }

  JsonNode runHygiene() throws Exception {
    return stack.invoke("EcrHygieneFunction", "{}");
  }

  @Test
  @Order(1)
  void keepsEverythingInUseAndWhatThePolicyKeepsAndListsTheRest() throws Exception {
    JsonNode report = runHygiene();

    assertThat(report.path("dryRun").asBoolean()).isTrue();
    Set<String> deleted = new TreeSet<>();
    for (JsonNode repo : report.path("plans")) {
      for (JsonNode d : repo.path("delete")) {
        deleted.add(d.path("digest").asText());
      }
    }
    assertThat(deleted)
        .as("not in use, not the newest tagged, and no child of a kept index")
        .containsExactlyInAnyOrder(
            digests.get("old-a"),
            digests.get("old-b"),
            digests.get(EcrImages.manifest("untagged-old")));
    List<String> kept = new ArrayList<>();
    for (String name : List.of("v1", "v2", "v3", "multi")) {
      kept.add(digests.get(name));
    }
    assertThat(deleted).doesNotContainAnyElementsOf(kept);
    assertThat(deleted)
        .doesNotContain(
            digests.get(EcrImages.manifest("multi-amd64")),
            digests.get(EcrImages.manifest("multi-arm64")));
    assertThat(report.path("apiCalls").asInt()).isPositive();
    assertThat(stack.alerts(1, java.time.Duration.ofSeconds(10)))
        .anySatisfy(m -> assertThat(m.path("dryRun").asBoolean()).isTrue());
    // A dry run: every image is still there.
    assertThat(ecr.describeImages(r -> r.repositoryName("orders")).imageDetails()).hasSize(9);
  }

  String apply(String typed, String... extra) {
    java.io.StringWriter out = new java.io.StringWriter();
    List<String> args =
        new ArrayList<>(
            List.of(
                "ecr-apply",
                "--account",
                "000000000000",
                "--region",
                "us-east-1",
                "--endpoint-url",
                stack.aws.endpoint().toString(),
                "--keep-newest",
                "1",
                "--keep-days",
                "0",
                "--table",
                stack.deployment.output("AuditTableName")));
    args.addAll(List.of(extra));
    int status =
        io.ecsmedic.cli.EcsMedicTestAccess.run(
            new java.io.ByteArrayInputStream(
                typed.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            out,
            args.toArray(String[]::new));
    assertThat(status).as(out.toString()).isZero();
    return out.toString();
  }

  @Test
  @Order(2)
  void ecrApplyDeletesOnlyAfterTheExactConfirmationAndOnlyWhatIsStillUnused() throws Exception {
    String refused = apply("yes\n");
    assertThat(refused).contains("Type 'delete 3'").contains("not confirmed: nothing was deleted");
    assertThat(ecr.describeImages(r -> r.repositoryName("orders")).imageDetails()).hasSize(9);

    String done = apply("delete 3\n");

    assertThat(done).contains("deleted 3 images");
    assertThat(stack.auditItems("ECR"))
        .extracting(i -> i.get("decision").s() + ": " + i.get("detail").s())
        .contains(
            "ECR_CLEANUP_REJECTED: not confirmed at the prompt",
            "ECR_CLEANUP_DELETED: deleted 3 of the 3 confirmed images");
    Set<String> left = new TreeSet<>();
    ecr.describeImages(r -> r.repositoryName("orders"))
        .imageDetails()
        .forEach(d -> left.add(d.imageDigest()));
    assertThat(left)
        .containsExactlyInAnyOrder(
            digests.get("v1"),
            digests.get("v2"),
            digests.get("v3"),
            digests.get("multi"),
            digests.get(EcrImages.manifest("multi-amd64")),
            digests.get(EcrImages.manifest("multi-arm64")));
    assertThat(apply("")).contains("nothing to delete");
  }

  @Test
  @Order(4)
  void ecrApplyWithoutAnAuditTableDeletesNothing() throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    int status =
        io.ecsmedic.cli.EcsMedicTestAccess.run(
            new java.io.ByteArrayInputStream(new byte[0]),
            out,
            "ecr-apply",
            "--account",
            "000000000000",
            "--region",
            "us-east-1",
            "--endpoint-url",
            stack.aws.endpoint().toString(),
            "--yes");

    assertThat(status).isEqualTo(2);
    assertThat(out.toString()).contains("records every decision in the audit table");
  }
}
