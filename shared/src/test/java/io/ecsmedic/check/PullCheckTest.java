package io.ecsmedic.check;

import static io.ecsmedic.check.CheckResult.Status.FAIL;
import static io.ecsmedic.check.CheckResult.Status.PASS;
import static io.ecsmedic.check.CheckResult.Status.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.check.CheckResult.Status;
import io.ecsmedic.check.NetworkFacts.Egress;
import io.ecsmedic.check.NetworkFacts.Subnet;
import io.ecsmedic.check.PullFacts.Existence;
import io.ecsmedic.check.PullFacts.Image;
import io.ecsmedic.check.PullFacts.LogConfig;
import io.ecsmedic.check.PullFacts.SecretRef;
import io.ecsmedic.check.PullFacts.Subject;
import io.ecsmedic.testing.Records;
import io.ecsmedic.testing.StepTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The image-pull path checklist over a healthy task, a broken one, and one it cannot see. */
class PullCheckTest {
  static final String ROLE = "arn:aws:iam::111122223333:role/orders-exec";
  static final String REPO = "arn:aws:ecr:eu-west-1:111122223333:repository/orders";
  static final String URI = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders:v7";
  static final String SECRET =
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf";
  static final String PARAM = "arn:aws:ssm:eu-west-1:111122223333:parameter/prod/orders/flag";

  static final NetworkFacts NAT =
      new NetworkFacts(
          "eu-west-1",
          "vpc-1",
          List.of(new Subnet("subnet-a", "rtb-1", Egress.NAT, "nat-1", Set.of())),
          false,
          Map.of());

  static final PullFacts HEALTHY =
      new PullFacts(
          "eu-west-1",
          new Subject("prod", "service", "orders", true, "ACTIVE", "orders:7"),
          true,
          "X86_64",
          "LINUX",
          ROLE,
          true,
          true,
          true,
          List.of(
              new Image(
                  "app",
                  URI,
                  REPO,
                  "orders",
                  "v7",
                  null,
                  Existence.FOUND,
                  true,
                  List.of("linux/amd64", "linux/arm64"),
                  List.of())),
          List.of(
              new SecretRef(
                  "app",
                  "DB_PASSWORD",
                  SECRET + ":password::",
                  SECRET,
                  "secretsmanager:GetSecretValue",
                  false),
              new SecretRef("app", "FLAG", "/prod/orders/flag", PARAM, "ssm:GetParameters", false)),
          List.of(new LogConfig("app", "/ecs/orders", "eu-west-1", false, List.of())),
          NAT,
          Map.of("sg-task", List.of("0.0.0.0/0")));

  /** Every step broken at once: an isolated subnet with only the ECR interface endpoints. */
  static final PullFacts BROKEN =
      new PullFacts(
          "eu-west-1",
          new Subject("prod", "service", "orders", true, "ACTIVE", "orders:8"),
          true,
          "X86_64",
          "LINUX",
          ROLE,
          true,
          false,
          false,
          List.of(
              new Image(
                  "app",
                  "111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders:v8",
                  REPO,
                  "orders",
                  "v8",
                  null,
                  Existence.TAG_MISSING,
                  null,
                  null,
                  List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")),
              new Image(
                  "worker",
                  URI,
                  REPO,
                  "orders",
                  "v7",
                  null,
                  Existence.FOUND,
                  true,
                  List.of("linux/arm64"),
                  List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"))),
          List.of(
              new SecretRef(
                  "app", "DB_PASSWORD", SECRET, SECRET, "secretsmanager:GetSecretValue", true)),
          List.of(
              new LogConfig(
                  "app", "/ecs/orders", "eu-west-1", true, List.of("logs:CreateLogGroup"))),
          new NetworkFacts(
              "eu-west-1",
              "vpc-1",
              List.of(new Subnet("subnet-iso", "rtb-iso", Egress.NONE, null, Set.of())),
              false,
              Map.of("ecr.api", true, "ecr.dkr", true)),
          Map.of("sg-task", List.of()));

  static final PullFacts UNSEEN =
      new PullFacts(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  static Map<String, CheckResult> byId(List<CheckResult> results) {
    return results.stream()
        .collect(Collectors.toMap(CheckResult::id, r -> r, (a, b) -> a, LinkedHashMap::new));
  }

  /** The checklist as a table: facts in, the statuses of the steps the row is about out. */
  static Stream<Arguments> cases() {
    Image single =
        new Image("app", URI, REPO, "orders", "v7", null, Existence.FOUND, false, null, List.of());
    return Stream.of(
        StepTable.row("healthy", HEALTHY, "pull.subject", PASS, "pull.image", PASS),
        StepTable.row("nothing seen", UNSEEN, "pull.image", UNKNOWN, "pull.egress", UNKNOWN),
        StepTable.row(
            "Fargate without an execution role",
            withRole(HEALTHY, null),
            "pull.execution-role",
            FAIL,
            "pull.ecr-permissions",
            FAIL,
            "pull.secrets",
            FAIL,
            "pull.logs",
            FAIL),
        StepTable.row(
            "launch type unknown, no execution role, no secrets",
            Records.with(
                Records.with(withRole(HEALTHY, null), "fargate", null), "secrets", List.of()),
            "pull.execution-role",
            UNKNOWN),
        StepTable.row(
            "a single-platform manifest",
            withImages(HEALTHY, List.of(single)),
            "pull.platform",
            UNKNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theStepsJudgeTheirFacts(String name, PullFacts facts, Map<String, Status> expected) {
    assertThat(StepTable.statuses(PullCheck.run(facts))).containsAllEntriesOf(expected);
  }

  @Test
  void aHealthyTaskPassesEveryStep() {
    List<CheckResult> results = PullCheck.run(HEALTHY);

    assertThat(results)
        .extracting(CheckResult::id)
        .containsExactly(
            "pull.subject",
            "pull.image",
            "pull.platform",
            "pull.execution-role",
            "pull.ecr-permissions",
            "pull.secrets",
            "pull.logs",
            "pull.network",
            "pull.egress");
    assertThat(results)
        .allSatisfy(
            r -> assertThat(r.status()).as(r.id() + ": " + r.evidence()).isEqualTo(Status.PASS));
    Map<String, CheckResult> steps = byId(results);
    assertThat(steps.get("pull.image").evidence()).isEqualTo("app: orders:v7 exists");
    assertThat(steps.get("pull.platform").evidence()).isEqualTo("app: orders:v7 has linux/amd64");
    assertThat(steps.get("pull.ecr-permissions").evidence())
        .isEqualTo(
            "orders-exec may ecr:GetAuthorizationToken on *, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on orders");
    assertThat(steps.get("pull.secrets").evidence())
        .startsWith(
            "orders-exec may read app/DB_PASSWORD (secretsmanager:GetSecretValue), app/FLAG (ssm:GetParameters)")
        .contains("kms:Decrypt not checked");
    assertThat(steps.get("pull.network").evidence()).isEqualTo("subnet-a → nat-1");
  }

  @Test
  void aBrokenTaskFailsEveryStepWithEvidenceAndAFix() {
    Map<String, CheckResult> steps = byId(PullCheck.run(BROKEN));

    assertThat(steps.values())
        .filteredOn(r -> !r.id().equals("pull.subject"))
        .allSatisfy(
            r -> {
              assertThat(r.status()).as(r.id() + ": " + r.evidence()).isEqualTo(Status.FAIL);
              assertThat(r.fix()).as(r.id()).isNotBlank();
            });
    assertThat(steps.get("pull.image").evidence())
        .isEqualTo("app: tag v8 not found in repository orders");
    assertThat(steps.get("pull.image").fix())
        .startsWith("push it: docker push 111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders:v8");
    assertThat(steps.get("pull.platform").evidence())
        .isEqualTo("worker: orders:v7 is an index of linux/arm64 only; the task runs linux/amd64");
    assertThat(steps.get("pull.platform").fix())
        .contains("docker buildx build --platform linux/amd64,linux/arm64 -t " + URI + " --push .")
        .contains("\"cpuArchitecture\": \"ARM64\"");
    assertThat(steps.get("pull.execution-role").evidence())
        .isEqualTo(
            "orders-exec's trust policy does not name ecs-tasks.amazonaws.com: ECS cannot assume it");
    assertThat(steps.get("pull.execution-role").fix())
        .startsWith(
            "aws iam update-assume-role-policy --role-name orders-exec --policy-document '");
    assertThat(steps.get("pull.ecr-permissions").evidence())
        .isEqualTo(
            "orders-exec may not ecr:GetAuthorizationToken on *; ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on "
                + REPO);
    assertThat(steps.get("pull.ecr-permissions").fix())
        .startsWith(
            "aws iam put-role-policy --role-name orders-exec --policy-name ecs-medic-ecr-pull --policy-document '"
                + "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchCheckLayerAvailability\"],"
                + "\"Resource\":[\""
                + REPO
                + "\"]}]}'")
        .contains("AmazonECSTaskExecutionRolePolicy");
    assertThat(steps.get("pull.secrets").evidence())
        .isEqualTo(
            "orders-exec may not read app/DB_PASSWORD (secretsmanager:GetSecretValue on "
                + SECRET
                + ")");
    assertThat(steps.get("pull.secrets").fix())
        .contains(
            "{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":[\""
                + SECRET
                + "\"]}");
    assertThat(steps.get("pull.logs").evidence())
        .isEqualTo("orders-exec may not logs:CreateLogGroup on /ecs/orders (app)");
    assertThat(steps.get("pull.logs").fix())
        .contains(
            "\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\",\"logs:CreateLogGroup\"],"
                + "\"Resource\":[\"arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/orders:*\"]");
    assertThat(steps.get("pull.network").evidence())
        .isEqualTo(
            "subnet-iso has no NAT or internet route, and no endpoint for logs, secretsmanager, s3 (gateway)");
    assertThat(steps.get("pull.network").fix())
        .contains("--service-name com.amazonaws.eu-west-1.s3 --route-table-ids rtb-iso");
    assertThat(steps.get("pull.egress").evidence())
        .isEqualTo("sg-task: no egress rule allows tcp 443");
    assertThat(steps.get("pull.egress").fix())
        .isEqualTo(
            "aws ec2 authorize-security-group-egress --group-id sg-task --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]'");
  }

  @Test
  void missingEvidenceIsUnknownNeverAFalsePass() {
    assertThat(PullCheck.run(UNSEEN))
        .allSatisfy(r -> assertThat(r.status()).as(r.id()).isEqualTo(Status.UNKNOWN));
  }

  @Test
  void aTaskThatIsGoneFailsTheFirstStepAndPointsAtItsService() {
    PullFacts gone =
        new PullFacts(
            "eu-west-1",
            new Subject("prod", "task", "1a2b", false, "MISSING", null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    List<CheckResult> results = PullCheck.run(gone);

    assertThat(results.getFirst().status()).isEqualTo(Status.FAIL);
    assertThat(results.getFirst().evidence())
        .isEqualTo("task 1a2b not found in cluster prod (MISSING)");
    assertThat(results.getFirst().fix()).contains("ecs-medic pull-check --cluster prod --service");
    assertThat(results.subList(1, results.size()))
        .allSatisfy(r -> assertThat(r.status()).as(r.id()).isEqualTo(Status.UNKNOWN));
  }

  @Test
  void aFargateTaskWithoutAnExecutionRoleFailsEveryPermissionStep() {
    PullFacts noRole = withRole(HEALTHY, null);

    Map<String, CheckResult> steps = byId(PullCheck.run(noRole));

    assertThat(steps.get("pull.execution-role").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.execution-role").evidence())
        .isEqualTo(
            "no execution role, but the task pulls from private ECR on Fargate, uses awslogs on Fargate, uses secrets (DB_PASSWORD, FLAG)");
    assertThat(steps.get("pull.execution-role").fix())
        .contains("aws iam create-role --role-name ecsTaskExecutionRole")
        .contains("\"executionRoleArn\": \"arn:aws:iam::111122223333:role/ecsTaskExecutionRole\"");
    assertThat(steps.get("pull.ecr-permissions").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.secrets").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.logs").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void withoutALaunchTypeAMissingExecutionRoleIsUnknown() {
    PullFacts unknownLaunch =
        new PullFacts(
            "eu-west-1",
            HEALTHY.subject(),
            null,
            "X86_64",
            "LINUX",
            null,
            null,
            null,
            null,
            HEALTHY.images(),
            List.of(),
            HEALTHY.logs(),
            NAT,
            HEALTHY.egress443());

    CheckResult role = PullCheck.executionRole(unknownLaunch);

    assertThat(role.status()).isEqualTo(Status.UNKNOWN);
    assertThat(role.evidence())
        .isEqualTo(
            "no execution role; Fargate would need one because the task pulls from private ECR, uses awslogs (launch type not known; on EC2 the instance role does this)");
  }

  @Test
  void onEc2WithoutAnExecutionRoleTheInstanceRolePullsSoItIsNotJudged() {
    PullFacts ec2 =
        new PullFacts(
            "eu-west-1",
            HEALTHY.subject(),
            false,
            "X86_64",
            "LINUX",
            null,
            null,
            null,
            null,
            HEALTHY.images(),
            List.of(),
            HEALTHY.logs(),
            NAT,
            HEALTHY.egress443());

    Map<String, CheckResult> steps = byId(PullCheck.run(ec2));

    assertThat(steps.get("pull.execution-role").status()).isEqualTo(Status.PASS);
    assertThat(steps.get("pull.ecr-permissions").status()).isEqualTo(Status.UNKNOWN);
    assertThat(steps.get("pull.logs").status()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void dockerHubImagesAreUnknownWithTheRateLimitHintAndNeedTheInternet() {
    Image hub =
        new Image("proxy", "nginx:1.27", null, "docker.io", null, null, null, null, null, null);
    PullFacts f =
        new PullFacts(
            "eu-west-1",
            HEALTHY.subject(),
            true,
            "X86_64",
            "LINUX",
            ROLE,
            true,
            true,
            true,
            List.of(HEALTHY.images().getFirst(), hub),
            List.of(),
            List.of(),
            BROKEN.network(),
            HEALTHY.egress443());

    Map<String, CheckResult> steps = byId(PullCheck.run(f));

    assertThat(steps.get("pull.image").status()).isEqualTo(Status.UNKNOWN);
    assertThat(steps.get("pull.image").evidence())
        .isEqualTo(
            "app: orders:v7 exists; proxy: nginx:1.27 is not in ECR, not checked (Docker Hub: anonymous pulls are rate-limited, toomanyrequests; an ECR pull-through cache avoids it)");
    assertThat(steps.get("pull.network").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.network").evidence())
        .endsWith("subnet-iso reach no internet, which nginx:1.27 needs");
    assertThat(PullCheck.dockerHub("bitnami/redis:7")).isTrue();
    assertThat(PullCheck.dockerHub("ghcr.io/org/app:1")).isFalse();
    assertThat(PullCheck.dockerHub("registry.local:5000/app")).isFalse();
  }

  @Test
  void aSinglePlatformManifestIsUnknownNotAssumedToFit() {
    Image single =
        new Image("app", URI, REPO, "orders", "v7", null, Existence.FOUND, false, null, List.of());
    PullFacts f = withImages(HEALTHY, List.of(single));

    CheckResult platform = PullCheck.platform(f);

    assertThat(platform.status()).isEqualTo(Status.UNKNOWN);
    assertThat(platform.evidence())
        .isEqualTo(
            "app: orders:v7 is a single-platform manifest; its architecture is in the config blob (not read): docker buildx imagetools inspect "
                + URI);
  }

  @Test
  void egressOnlyToNarrowDestinationsIsUnknown() {
    PullFacts f =
        new PullFacts(
            "eu-west-1",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of("sg-task", List.of("10.0.0.0/16")));

    CheckResult egress = PullCheck.egress(f);

    assertThat(egress.status()).isEqualTo(Status.UNKNOWN);
    assertThat(egress.evidence()).startsWith("tcp 443 out only sg-task to 10.0.0.0/16");
  }

  @Test
  void awslogsWithoutARegionFailsWithAKnownGoodBlock() {
    PullFacts f =
        new PullFacts(
            "eu-west-1",
            null,
            true,
            null,
            null,
            ROLE,
            true,
            true,
            true,
            List.of(),
            List.of(),
            List.of(new LogConfig("app", "/ecs/orders", null, false, List.of())),
            null,
            null);

    CheckResult logs = PullCheck.logs(f);

    assertThat(logs.status()).isEqualTo(Status.FAIL);
    assertThat(logs.evidence()).isEqualTo("awslogs app sets no awslogs-region");
    assertThat(logs.fix()).contains("\"awslogs-region\": \"eu-west-1\"");
  }

  /** Another execution role, nothing yet known about it. */
  private static PullFacts withRole(PullFacts f, String role) {
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("executionRoleArn", role);
    changes.put("executionRoleExists", null);
    changes.put("executionRoleTrustsEcsTasks", null);
    changes.put("authTokenAllowed", null);
    return Records.with(f, changes);
  }

  private static PullFacts withImages(PullFacts f, List<Image> images) {
    return Records.with(f, "images", images);
  }

  @Test
  void everyFailCarriesACommandToPaste() {
    StepTable.assertEveryFailHasACommand(PullCheck.run(BROKEN));
  }
}
