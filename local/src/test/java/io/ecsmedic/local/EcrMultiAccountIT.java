package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.MemberAccounts;
import io.ecsmedic.aws.ecr.EcrHygiene;
import io.ecsmedic.ecr.HygienePolicy;
import io.ecsmedic.ecr.RepositoryPlan;
import io.ecsmedic.ecr.Verdict;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * ECR hygiene in a central registry account whose images member accounts run
 * (docs/multi-account.md): the deployed ECR hygiene function reads what each member account runs
 * through its checker role. Member A's {@code prod/checkout} runs {@code <central
 * registry>/shop-multi:in-a}, so that image is kept, "in use by" A; {@code :unused} is run by
 * nobody and goes. Member B is listed too, and while it has no checker role nothing may go at all:
 * what B runs is unknown.
 *
 * <p>The emulator takes a 12-digit access key id as the account, so each member's resources are
 * created with its own key, as in MultiAccountIT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcrMultiAccountIT {
  static final String MEMBER_A = "111111111111";
  static final String MEMBER_B = "222222222222";
  static final String REPO = "shop-multi";
  static final String LINK_SECRET = "local-test-link-secret-0123456789abcdef";
  static final String STACK = "ecs-medic-e2e-ecr-multi-account";

  LocalStackSession stack;
  EcrClient ecr;
  final Map<String, String> digests = new HashMap<>();

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            STACK,
            aws ->
                Map.of(
                    "MemberAccounts",
                    MEMBER_A + "," + MEMBER_B,
                    "EcrKeepNewestTagged",
                    "0",
                    "EcrKeepPushedWithinDays",
                    "0",
                    // The approved cleanup, through signed links.
                    "LinkApprovals",
                    "Enabled",
                    "EcrCleanupApproval",
                    "Enabled",
                    "ApprovalTimeoutSeconds",
                    "30",
                    "ApprovalLinkSecretArn",
                    aws.client(SecretsManagerClient.builder())
                        .createSecret(r -> r.name("ecs-medic/links").secretString(LINK_SECRET))
                        .arn()));
    ecr = stack.aws.client(EcrClient.builder());
    ecr.createRepository(r -> r.repositoryName(REPO));
    for (String tag : List.of("in-a", "unused")) {
      digests.put(tag, EcrImages.push(ecr, REPO, tag, EcrImages.manifest(REPO + "-" + tag)));
    }
    checkerRole(MEMBER_A);
    String registry = LocalAws.ACCOUNT + ".dkr.ecr." + stack.aws.region() + ".amazonaws.com";
    checkout(MEMBER_A, registry + "/" + REPO + ":in-a");
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void aListedMemberAccountThatCannotBeReadMeansNothingMayGoAndTheReportNamesIt() throws Exception {
    JsonNode report = stack.invoke("EcrHygieneFunction", "{}");

    assertThat(report.path("nothingMayGo").asBoolean()).isTrue();
    assertThat(report.path("deletions").asInt()).isZero();
    assertThat(report.path("unreadableAccounts").toString())
        .contains("account " + MEMBER_B)
        .doesNotContain("account " + MEMBER_A);
    assertThat(tagsInRegistry()).containsExactlyInAnyOrder("in-a", "unused");
    // The scheduled report says so, though nothing could go.
    assertThat(stack.alerts(1, Duration.ofSeconds(20)))
        .anySatisfy(
            alert -> {
              assertThat(alert.path("nothingMayGo").asBoolean()).isTrue();
              assertThat(alert.path("unreadableAccounts").toString()).contains(MEMBER_B);
            });

    // An approved cleanup's Delete step plans again the same way, and refuses.
    EcrHygiene hygiene = inProcess();
    EcrHygiene.Plan plan = hygiene.plan();
    assertThat(plan.unreadable()).singleElement().asString().contains(MEMBER_B);
    assertThat(plan.text()).startsWith("nothing may go");
    assertThatThrownBy(hygiene::planAgain)
        .isInstanceOf(EcrHygiene.UnreadableAccounts.class)
        .hasMessageContaining(MEMBER_B);
  }

  @Test
  @Order(2)
  void anImageAMemberAccountRunsIsKeptInUseByThatAccountAndAnImageNobodyRunsGoes()
      throws Exception {
    checkerRole(MEMBER_B);

    JsonNode report = stack.invoke("EcrHygieneFunction", "{}");

    assertThat(report.has("nothingMayGo")).isFalse();
    assertThat(deletedDigests(report)).containsExactly(digests.get("unused"));

    EcrHygiene hygiene = inProcess();
    EcrHygiene.Plan plan = hygiene.plan();
    assertThat(plan.unreadable()).isEmpty();
    assertThat(verdictOf(plan, "in-a").delete()).isFalse();
    assertThat(verdictOf(plan, "in-a").reason())
        .startsWith("in use by " + MEMBER_A + " service prod/checkout");
    assertThat(verdictOf(plan, "unused").delete()).isTrue();

    hygiene.deleteConfirmed(plan);
    assertThat(tagsInRegistry()).containsExactly("in-a");
  }

  @Test
  @Order(3)
  void anApprovedCleanupRefusesWhenAMemberAccountCannotBeReadAtDeleteTime() throws Exception {
    EcrImages.push(ecr, REPO, "later", EcrImages.manifest(REPO + "-later"));
    JsonNode report = stack.invoke("EcrHygieneFunction", "{}");
    String run = report.path("cleanupRun").asText();
    assertThat(run).as(report.toString()).startsWith("ecr-");
    JsonNode proposal = awaitProposal(run);
    // B's checker role loses its reads after the plan was proposed.
    as(MEMBER_B, IamClient.class)
        .deleteRolePolicy(
            r -> r.roleName("ecs-medic-checker").policyName("ecs-medic-checker-ecr-in-use"));

    assertThat(
            stack
                .invokeFunctionUrl(
                    "ApprovalFunction",
                    "POST",
                    "/approve",
                    Map.of("content-type", "application/x-www-form-urlencoded"),
                    URI.create(proposal.path("approveUrl").asText()).getRawQuery(),
                    "192.0.2.7")
                .path("statusCode")
                .asInt())
        .isEqualTo(200);
    stack.awaitExecution(
        "arn:aws:states:"
            + stack.aws.region()
            + ":"
            + LocalAws.ACCOUNT
            + ":execution:"
            + STACK
            + "-ecr-cleanup:"
            + run,
        Duration.ofSeconds(60));

    assertThat(tagsInRegistry()).contains("later");
    assertThat(
            stack.auditItems("ECR").stream()
                .filter(i -> i.containsKey("runId") && i.get("runId").s().equals(run))
                .filter(i -> i.get("decision").s().equals("ECR_CLEANUP_REFUSED"))
                .map(i -> i.get("detail").s()))
        .singleElement()
        .asString()
        .contains("nothing may go", MEMBER_B);
  }

  JsonNode awaitProposal(String runId) throws Exception {
    List<JsonNode> inbox = new ArrayList<>();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      inbox.addAll(stack.alerts(0, Duration.ofSeconds(1)));
      for (JsonNode m : inbox) {
        if (m.path("kind").asText().equals("ecr-cleanup-proposal")
            && m.path("runId").asText().equals(runId)) {
          return m;
        }
      }
    }
    throw new AssertionError("no cleanup proposal for " + runId);
  }

  /** The hygiene job the function runs, in this process, with the same member accounts. */
  EcrHygiene inProcess() {
    MemberAccounts members =
        new MemberAccounts(
            Set.of(MEMBER_A, MEMBER_B), Set.of(), "ecs-medic-checker", Optional.empty());
    return new EcrHygiene(
        stack.aws.clients(),
        LocalAws.ACCOUNT,
        new HygienePolicy(0, Duration.ZERO, List.of(), Duration.ZERO),
        Clock.systemUTC(),
        AccountTargets.of(stack.aws.clients(), members, "ecs-medic-ecr-multi-account-it"));
  }

  /** A client acting as {@code account} (its 12-digit access key) in the stack's region. */
  <C> C as(String account, Class<C> type) {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "test"));
    var factory = stack.aws.clients().withCredentials(credentials);
    Object client =
        type == EcsClient.class
            ? factory.build(EcsClient.builder())
            : factory.build(IamClient.builder());
    return type.cast(client);
  }

  /** The member stack's checker role, trusting the central account (as in MultiAccountIT). */
  void checkerRole(String member) {
    String trust = MemberRoles.trusting(LocalAws.ACCOUNT);
    IamClient iam = as(member, IamClient.class);
    iam.createRole(r -> r.roleName("ecs-medic-checker").assumeRolePolicyDocument(trust));
    iam.putRolePolicy(
        r ->
            r.roleName("ecs-medic-checker")
                .policyName("ecs-medic-checker-ecr-in-use")
                .policyDocument(
                    java.util.Objects.requireNonNull(
                        MemberRoles.policies("CheckerRole", member)
                            .get("ecs-medic-checker-ecr-in-use"),
                        "member/template.yaml's CheckerRole has no ecs-medic-checker-ecr-in-use")));
  }

  /** prod/checkout in the member account, running {@code image}. */
  void checkout(String account, String image) {
    EcsClient ecs = as(account, EcsClient.class);
    ecs.createCluster(r -> r.clusterName("prod"));
    String td =
        ecs.registerTaskDefinition(
                r ->
                    r.family("checkout")
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
                .serviceName("checkout")
                .taskDefinition(td)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE));
  }

  List<String> tagsInRegistry() {
    return ecr.describeImages(r -> r.repositoryName(REPO)).imageDetails().stream()
        .flatMap(d -> d.imageTags().stream())
        .toList();
  }

  static List<String> deletedDigests(JsonNode report) {
    List<String> out = new ArrayList<>();
    for (JsonNode repo : report.path("plans")) {
      if (repo.path("repository").asText().equals(REPO)) {
        repo.path("delete").forEach(d -> out.add(d.path("digest").asText()));
      }
    }
    return out;
  }

  static Verdict verdictOf(EcrHygiene.Plan plan, String tag) {
    return plan.plans().stream()
        .filter(p -> p.repository().equals(REPO))
        .map(RepositoryPlan::verdicts)
        .flatMap(List::stream)
        .filter(v -> v.image().tags().contains(tag))
        .findFirst()
        .orElseThrow();
  }
}
