package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.check.Gather;
import io.ecsmedic.aws.check.PullFactsCollector;
import io.ecsmedic.aws.check.RolePermissions;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.CheckResult;
import io.ecsmedic.check.CheckResult.Status;
import io.ecsmedic.model.Category;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The image-pull path check against the emulator, over a seeded healthy and broken estate: ECR
 * repositories with pushed, missing and arm64-only tags; execution roles with and without the
 * permissions (the emulator's SimulatePrincipalPolicy evaluates inline policies); a VPC with a NAT
 * subnet, an isolated subnet with the ECR interface endpoints but no S3 gateway, and a public
 * subnet; security groups with and without 443 egress; Fargate services.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullCheckIT {
  static final String CLUSTER = "pull-check-it";
  static final String ACCOUNT = LocalAws.ACCOUNT;
  static final String REGISTRY = ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com";
  static final String SECRET =
      "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:pull-it/db-AbCdEf";
  static final String TRUST_ECS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  final LocalAws aws = LocalAws.fromEnv(System.getenv());
  EcsClient ecs;
  EcrClient ecr;
  IamClient iam;
  Ec2Client ec2;
  ElasticLoadBalancingV2Client elb;
  PullFactsCollector check;

  String vpc;
  String natSubnet;
  String isolatedSubnet;
  String publicSubnet;
  String isolatedRouteTable;
  String nat;
  String igw;
  String openSg;
  String closedSg;
  String narrowSg;

  @BeforeAll
  void seed() throws Exception {
    assertThat(aws.healthy()).as("emulator at " + aws.endpoint()).isTrue();
    aws.reset();
    ecs = aws.client(EcsClient.builder());
    ecr = aws.client(EcrClient.builder());
    iam = aws.client(IamClient.builder());
    ec2 = aws.client(Ec2Client.builder());
    elb = aws.client(ElasticLoadBalancingV2Client.builder());
    check =
        new PullFactsCollector(
            new CheckClients(ecs, elb, ec2, iam, ecr), aws.region(), Clock.systemUTC());

    ecs.createCluster(r -> r.clusterName(CLUSTER));
    seedImages();
    seedRoles();
    seedNetwork();

    register("pull-it-healthy", "pull-it-good", app(REGISTRY + "/pull-it-app:v1", false));
    register(
        "pull-it-broken",
        "pull-it-bare",
        app(REGISTRY + "/pull-it-app:v9", true),
        plain("worker", REGISTRY + "/pull-it-app:arm-only"),
        plain("sidecar", REGISTRY + "/pull-it-gone:v1"));
    register("pull-it-single", "pull-it-good", plain("app", REGISTRY + "/pull-it-single:v1"));
    register("pull-it-ec2-trust", "pull-it-ec2-trust", plain("app", REGISTRY + "/pull-it-app:v1"));
    // Under IAM enforcement ECS refuses a task definition naming a role that does not exist, so the
    // role exists while the revision is registered and is deleted afterwards, as in a real account.
    role("pull-it-deleted", TRUST_ECS);
    register("pull-it-deleted-role", "pull-it-deleted", plain("app", REGISTRY + "/pull-it-app:v1"));
    iam.deleteRole(r -> r.roleName("pull-it-deleted"));

    service("pull-it-healthy", "pull-it-healthy", natSubnet, openSg, AssignPublicIp.DISABLED);
    service("pull-it-broken", "pull-it-broken", isolatedSubnet, closedSg, AssignPublicIp.DISABLED);
    service("pull-it-public", "pull-it-healthy", publicSubnet, openSg, AssignPublicIp.DISABLED);
    service("pull-it-public-ip", "pull-it-healthy", publicSubnet, openSg, AssignPublicIp.ENABLED);
    service("pull-it-single", "pull-it-single", natSubnet, openSg, AssignPublicIp.DISABLED);
    service("pull-it-narrow", "pull-it-single", natSubnet, narrowSg, AssignPublicIp.DISABLED);
    service("pull-it-ec2-trust", "pull-it-ec2-trust", natSubnet, openSg, AssignPublicIp.DISABLED);
    service(
        "pull-it-deleted-role", "pull-it-deleted-role", natSubnet, openSg, AssignPublicIp.DISABLED);
  }

  /**
   * pull-it-app: v1 = index of amd64 + arm64, arm-only = index of arm64 only; pull-it-single:v1.
   */
  void seedImages() throws Exception {
    ecr.createRepository(r -> r.repositoryName("pull-it-app"));
    ecr.createRepository(r -> r.repositoryName("pull-it-single"));
    String amd = push("pull-it-app", null, manifest(1));
    String arm = push("pull-it-app", null, manifest(2));
    push(
        "pull-it-app",
        "v1",
        index(
            platform(amd, "amd64"),
            platform(arm, "arm64"),
            // buildx adds a provenance attestation with platform unknown/unknown
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":566,\"digest\":\"sha256:"
                + "%064x".formatted(3)
                + "\",\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"}}"));
    push("pull-it-app", "arm-only", index(platform(arm, "arm64")));
    push("pull-it-single", "v1", manifest(4));
  }

  void seedRoles() {
    role("pull-it-good", TRUST_ECS);
    iam.putRolePolicy(
        r ->
            r.roleName("pull-it-good")
                .policyName("pull")
                .policyDocument(
                    """
                    {"Version":"2012-10-17","Statement":[
                      {"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"},
                      {"Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
                       "Resource":["arn:aws:ecr:us-east-1:%1$s:repository/pull-it-app",
                                   "arn:aws:ecr:us-east-1:%1$s:repository/pull-it-single"]},
                      {"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],
                       "Resource":"arn:aws:logs:us-east-1:%1$s:log-group:/ecs/pull-it:*"},
                      {"Effect":"Allow","Action":"secretsmanager:GetSecretValue",
                       "Resource":"arn:aws:secretsmanager:us-east-1:%1$s:secret:pull-it/db-*"}]}
                    """
                        .formatted(ACCOUNT)));
    role("pull-it-bare", TRUST_ECS);
    role("pull-it-ec2-trust", TRUST_ECS.replace("ecs-tasks.amazonaws.com", "ec2.amazonaws.com"));
  }

  void seedNetwork() {
    vpc = ec2.createVpc(r -> r.cidrBlock("10.77.0.0/16")).vpc().vpcId();
    natSubnet = subnet("10.77.1.0/24");
    isolatedSubnet = subnet("10.77.2.0/24");
    publicSubnet = subnet("10.77.3.0/24");
    igw = ec2.createInternetGateway(r -> {}).internetGateway().internetGatewayId();
    ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
    String eip = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    nat =
        ec2.createNatGateway(r -> r.subnetId(publicSubnet).allocationId(eip))
            .natGateway()
            .natGatewayId();

    String natTable = routeTable(natSubnet);
    ec2.createRoute(
        r -> r.routeTableId(natTable).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
    String publicTable = routeTable(publicSubnet);
    ec2.createRoute(
        r -> r.routeTableId(publicTable).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    isolatedRouteTable = routeTable(isolatedSubnet);
    for (String service : List.of("ecr.api", "ecr.dkr")) {
      ec2.createVpcEndpoint(
          r ->
              r.vpcId(vpc)
                  .vpcEndpointType("Interface")
                  .serviceName("com.amazonaws.us-east-1." + service)
                  .subnetIds(isolatedSubnet)
                  .privateDnsEnabled(true));
    }

    openSg =
        ec2.createSecurityGroup(
                r -> r.groupName("pull-it-open").description("egress all").vpcId(vpc))
            .groupId();
    closedSg =
        ec2.createSecurityGroup(
                r -> r.groupName("pull-it-closed").description("no egress").vpcId(vpc))
            .groupId();
    ec2.revokeSecurityGroupEgress(
        r ->
            r.groupId(closedSg)
                .ipPermissions(
                    IpPermission.builder()
                        .ipProtocol("-1")
                        .ipRanges(x -> x.cidrIp("0.0.0.0/0"))
                        .build()));
    narrowSg =
        ec2.createSecurityGroup(
                r -> r.groupName("pull-it-narrow").description("443 to the VPC only").vpcId(vpc))
            .groupId();
    ec2.revokeSecurityGroupEgress(
        r ->
            r.groupId(narrowSg)
                .ipPermissions(
                    IpPermission.builder()
                        .ipProtocol("-1")
                        .ipRanges(x -> x.cidrIp("0.0.0.0/0"))
                        .build()));
    ec2.authorizeSecurityGroupEgress(
        r ->
            r.groupId(narrowSg)
                .ipPermissions(
                    IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(443)
                        .toPort(443)
                        .ipRanges(x -> x.cidrIp("10.77.0.0/16"))
                        .build()));
  }

  CheckReport service(String name) {
    return check.check(CLUSTER, null, name);
  }

  static Map<String, CheckResult> byId(CheckReport report) {
    return report.results().stream()
        .collect(Collectors.toMap(CheckResult::id, r -> r, (a, b) -> a, LinkedHashMap::new));
  }

  @Test
  void aHealthyServicePassesEveryStep() {
    CheckReport report = service("pull-it-healthy");

    assertThat(report.checker()).isEqualTo("pull-check");
    assertThat(report.category()).isEqualTo(Category.IMAGE_PULL);
    assertThat(report.subject()).isEqualTo("pull-check-it/pull-it-healthy");
    assertThat(report.results())
        .allSatisfy(
            r ->
                assertThat(r.status())
                    .as(r.id() + ": " + r.evidence() + " " + report.notes())
                    .isEqualTo(Status.PASS));
    Map<String, CheckResult> steps = byId(report);
    assertThat(steps.get("pull.subject").evidence()).endsWith(" runs pull-it-healthy:1");
    assertThat(steps.get("pull.image").evidence()).isEqualTo("app: pull-it-app:v1 exists");
    assertThat(steps.get("pull.platform").evidence())
        .isEqualTo("app: pull-it-app:v1 has linux/amd64");
    assertThat(steps.get("pull.execution-role").evidence())
        .isEqualTo("pull-it-good exists and trusts ecs-tasks.amazonaws.com");
    assertThat(steps.get("pull.ecr-permissions").evidence())
        .isEqualTo(
            "pull-it-good may ecr:GetAuthorizationToken on *, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on pull-it-app");
    assertThat(steps.get("pull.secrets").evidence())
        .startsWith("pull-it-good may read app/DB_PASSWORD (secretsmanager:GetSecretValue)");
    assertThat(steps.get("pull.logs").evidence())
        .isEqualTo("pull-it-good may logs:CreateLogStream, logs:PutLogEvents on /ecs/pull-it");
    assertThat(steps.get("pull.network").evidence()).isEqualTo(natSubnet + " → " + nat);
    assertThat(steps.get("pull.egress").evidence())
        .isEqualTo(openSg + " allows tcp 443 out to 0.0.0.0/0");
  }

  @Test
  void aBrokenServiceFailsEachStepWithItsEvidence() {
    Map<String, CheckResult> steps = byId(service("pull-it-broken"));

    assertThat(steps.get("pull.image").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.image").evidence())
        .isEqualTo(
            "app: tag v9 not found in repository pull-it-app; sidecar: repository pull-it-gone does not exist");
    assertThat(steps.get("pull.platform").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.platform").evidence())
        .isEqualTo(
            "worker: pull-it-app:arm-only is an index of linux/arm64 only; the task runs linux/amd64");
    assertThat(steps.get("pull.execution-role").status()).isEqualTo(Status.PASS);
    assertThat(steps.get("pull.ecr-permissions").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.ecr-permissions").evidence())
        .isEqualTo(
            "pull-it-bare may not ecr:GetAuthorizationToken on *; "
                + "ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on arn:aws:ecr:us-east-1:"
                + ACCOUNT
                + ":repository/pull-it-app; "
                + "ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on arn:aws:ecr:us-east-1:"
                + ACCOUNT
                + ":repository/pull-it-gone");
    assertThat(steps.get("pull.ecr-permissions").fix())
        .startsWith(
            "aws iam put-role-policy --role-name pull-it-bare --policy-name ecs-medic-ecr-pull");
    assertThat(steps.get("pull.secrets").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.secrets").evidence())
        .isEqualTo(
            "pull-it-bare may not read app/DB_PASSWORD (secretsmanager:GetSecretValue on "
                + SECRET
                + ")");
    assertThat(steps.get("pull.logs").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.logs").evidence())
        .isEqualTo(
            "pull-it-bare may not logs:CreateLogStream, logs:PutLogEvents, logs:CreateLogGroup on /ecs/pull-it (app)");
    assertThat(steps.get("pull.network").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.network").evidence())
        .isEqualTo(
            isolatedSubnet
                + " has no NAT or internet route, and no endpoint for logs, secretsmanager, s3 (gateway)");
    assertThat(steps.get("pull.network").fix())
        .contains(
            "aws ec2 create-vpc-endpoint --vpc-id "
                + vpc
                + " --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.s3 --route-table-ids "
                + isolatedRouteTable);
    assertThat(steps.get("pull.egress").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.egress").evidence())
        .isEqualTo(closedSg + ": no egress rule allows tcp 443");
  }

  @Test
  void aPublicSubnetNeedsAPublicIp() {
    CheckResult without = byId(service("pull-it-public")).get("pull.network");
    CheckResult with = byId(service("pull-it-public-ip")).get("pull.network");

    assertThat(without.status()).isEqualTo(Status.FAIL);
    assertThat(without.evidence())
        .startsWith(publicSubnet + " is public (" + igw + ") but the task has no public IP");
    assertThat(with.status()).isEqualTo(Status.PASS);
    assertThat(with.evidence()).isEqualTo(publicSubnet + " → " + igw + " with a public IP");
  }

  @Test
  void egressOnlyToTheVpcIsUnknownNotAPass() {
    CheckResult egress = byId(service("pull-it-narrow")).get("pull.egress");

    assertThat(egress.status()).isEqualTo(Status.UNKNOWN);
    assertThat(egress.evidence()).startsWith("tcp 443 out only " + narrowSg + " to 10.77.0.0/16");
  }

  @Test
  void aSinglePlatformManifestIsUnknownNotAPass() {
    CheckResult platform = byId(service("pull-it-single")).get("pull.platform");

    assertThat(platform.status()).isEqualTo(Status.UNKNOWN);
    assertThat(platform.evidence()).contains("pull-it-single:v1 is a single-platform manifest");
  }

  @Test
  void anExecutionRoleThatEcsCannotAssumeOrThatIsGoneFails() {
    CheckResult wrongTrust = byId(service("pull-it-ec2-trust")).get("pull.execution-role");
    Map<String, CheckResult> gone = byId(service("pull-it-deleted-role"));

    assertThat(wrongTrust.status()).isEqualTo(Status.FAIL);
    assertThat(wrongTrust.evidence())
        .isEqualTo(
            "pull-it-ec2-trust's trust policy does not name ecs-tasks.amazonaws.com: ECS cannot assume it");
    assertThat(gone.get("pull.execution-role").status()).isEqualTo(Status.FAIL);
    assertThat(gone.get("pull.execution-role").evidence())
        .isEqualTo(
            "execution role arn:aws:iam::" + ACCOUNT + ":role/pull-it-deleted does not exist");
    assertThat(gone.get("pull.ecr-permissions").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void aServiceTaskIsCheckedWithItsServicesNetwork() {
    List<String> tasks =
        ecs.listTasks(r -> r.cluster(CLUSTER).serviceName("pull-it-broken")).taskArns();
    assertThat(tasks).as("the emulator starts the service's task").isNotEmpty();
    String task = tasks.getFirst();

    CheckReport report = check.check(CLUSTER, task, null);

    Map<String, CheckResult> steps = byId(report);
    assertThat(report.subject()).isEqualTo(CLUSTER + "/" + task);
    assertThat(steps.get("pull.subject").status()).isEqualTo(Status.PASS);
    assertThat(steps.get("pull.subject").evidence()).endsWith(" runs pull-it-broken:1");
    assertThat(steps.get("pull.image").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.network").evidence()).startsWith(isolatedSubnet + " has no NAT");
    assertThat(steps.get("pull.egress").status()).isEqualTo(Status.FAIL);
    assertThat(report.notes())
        .contains("network: the task records no ENI; subnets from service pull-it-broken");
  }

  @Test
  void aMissingTaskOrServiceFailsTheFirstStepNotTheCall() {
    CheckReport task =
        check.check(
            CLUSTER,
            "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task/" + CLUSTER + "/0123456789abcdef",
            null);
    CheckReport service = service("pull-it-nope");

    assertThat(task.results().getFirst().status()).isEqualTo(Status.FAIL);
    assertThat(task.results().getFirst().evidence()).contains("not found in cluster pull-check-it");
    assertThat(task.results().getFirst().fix()).contains("--service <service>");
    assertThat(task.results().subList(1, task.results().size()))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.UNKNOWN));
    assertThat(service.results().getFirst().status()).isEqualTo(Status.FAIL);
    assertThat(service.results().getFirst().evidence())
        .isEqualTo("service pull-it-nope not found in cluster pull-check-it (MISSING)");
  }

  /**
   * A standalone task's subnet comes from its ENI attachment ({@code subnetId}), its public IP and
   * security groups from that ENI. The emulator's RunTask/DescribeTasks record no ENI attachment,
   * so only DescribeTasks is faked (returning the stopped task as AWS does); the task definition,
   * the ENI (CreateNetworkInterface in the public subnet, no public IP, the closed group), subnets,
   * routes and groups all come from the emulator.
   */
  @Test
  void aStandaloneTaskIsCheckedThroughItsEni() {
    String eni =
        ec2.createNetworkInterface(r -> r.subnetId(publicSubnet).groups(closedSg))
            .networkInterface()
            .networkInterfaceId();
    PullFactsCollector withEni = checkWithTask(stoppedTask(eni));

    CheckReport report = withEni.check(CLUSTER, "standalone", null);

    Map<String, CheckResult> steps = byId(report);
    assertThat(steps.get("pull.subject").evidence())
        .isEqualTo(
            "task standalone (STOPPED: CannotPullContainerError: pull image manifest has been retried 5 time(s)) runs pull-it-healthy:1");
    assertThat(steps.get("pull.network").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("pull.network").evidence())
        .startsWith(publicSubnet + " is public (" + igw + ") but the task has no public IP");
    assertThat(steps.get("pull.egress").evidence())
        .isEqualTo(closedSg + ": no egress rule allows tcp 443");
  }

  /**
   * Once a stopped task's ENI is deleted, whether it had a public IP cannot be known: on a public
   * subnet the network step says UNKNOWN instead of guessing. DescribeTasks is faked as above; the
   * missing ENI is real (the emulator answers an unknown ENI id with an empty list, AWS with
   * InvalidNetworkInterfaceID.NotFound; both are handled).
   */
  @Test
  void aStoppedTaskWhoseEniIsGoneIsUnknownOnAPublicSubnet() {
    PullFactsCollector gone = checkWithTask(stoppedTask("eni-0123456789abcdef0"));

    CheckReport report = gone.check(CLUSTER, "standalone", null);

    Map<String, CheckResult> steps = byId(report);
    assertThat(steps.get("pull.network").status()).isEqualTo(Status.UNKNOWN);
    assertThat(steps.get("pull.network").evidence())
        .isEqualTo(
            publicSubnet
                + " routes to "
                + igw
                + "; whether the task gets a public IP is not known");
    assertThat(steps.get("pull.egress").status()).isEqualTo(Status.UNKNOWN);
    assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("eni-0123456789abcdef0"));
  }

  @Test
  void rolePermissionsNamesTheDeniedActions() {
    Gather gather = new Gather(Clock.systemUTC(), Duration.ofSeconds(5));
    RolePermissions permissions = new RolePermissions(iam, gather);
    String role = "arn:aws:iam::" + ACCOUNT + ":role/pull-it-good";

    assertThat(permissions.allowed(role, List.of("ecr:GetAuthorizationToken"), "*")).isEmpty();
    assertThat(
            permissions.allowed(
                role,
                List.of("logs:CreateLogStream", "logs:CreateLogGroup"),
                "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/ecs/pull-it:log-stream:*"))
        .containsExactly("logs:CreateLogGroup");
  }

  // ---------------------------------------------------------------- seeding

  PullFactsCollector checkWithTask(Task task) {
    EcsClient fake = new OneFakeCall(ecs, task);
    return new PullFactsCollector(
        new CheckClients(fake, elb, ec2, iam, ecr), aws.region(), Clock.systemUTC());
  }

  Task stoppedTask(String eni) {
    String td =
        ecs.describeTaskDefinition(r -> r.taskDefinition("pull-it-healthy"))
            .taskDefinition()
            .taskDefinitionArn();
    return Task.builder()
        .taskArn("arn:aws:ecs:us-east-1:" + ACCOUNT + ":task/" + CLUSTER + "/standalone")
        .taskDefinitionArn(td)
        .lastStatus("STOPPED")
        .launchType(LaunchType.FARGATE)
        .stoppedReason("CannotPullContainerError: pull image manifest has been retried 5 time(s)")
        .group("family:pull-it-healthy")
        .attachments(
            Attachment.builder()
                .type("ElasticNetworkInterface")
                .status("DELETED")
                .details(
                    KeyValuePair.builder().name("subnetId").value(publicSubnet).build(),
                    KeyValuePair.builder().name("networkInterfaceId").value(eni).build())
                .build())
        .build();
  }

  /** The emulator's ECS client with DescribeTasks answered from one AWS-shaped task. */
  static final class OneFakeCall implements EcsClient {
    private final EcsClient real;
    private final Task task;

    OneFakeCall(EcsClient real, Task task) {
      this.real = real;
      this.task = task;
    }

    @Override
    public DescribeTasksResponse describeTasks(DescribeTasksRequest request) {
      return DescribeTasksResponse.builder().tasks(task).build();
    }

    @Override
    public DescribeTaskDefinitionResponse describeTaskDefinition(
        DescribeTaskDefinitionRequest request) {
      return real.describeTaskDefinition(request);
    }

    @Override
    public DescribeServicesResponse describeServices(DescribeServicesRequest request) {
      return real.describeServices(request);
    }

    @Override
    public String serviceName() {
      return real.serviceName();
    }

    @Override
    public void close() {}
  }

  /** The app container: awslogs to /ecs/pull-it and the DB_PASSWORD secret. */
  static ContainerDefinition app(String image, boolean createGroup) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("awslogs-group", "/ecs/pull-it");
    options.put("awslogs-region", "us-east-1");
    options.put("awslogs-stream-prefix", "app");
    if (createGroup) {
      options.put("awslogs-create-group", "true");
    }
    return ContainerDefinition.builder()
        .name("app")
        .image(image)
        .essential(true)
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(options))
        .secrets(s -> s.name("DB_PASSWORD").valueFrom(SECRET + ":password::"))
        .build();
  }

  /** A container with no logs and no secrets. */
  static ContainerDefinition plain(String name, String image) {
    return ContainerDefinition.builder().name(name).image(image).essential(true).build();
  }

  void register(String family, String role, ContainerDefinition... containers) {
    ecs.registerTaskDefinition(
        r ->
            r.family(family)
                .requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC)
                .cpu("256")
                .memory("512")
                .executionRoleArn("arn:aws:iam::" + ACCOUNT + ":role/" + role)
                .runtimePlatform(
                    p ->
                        p.cpuArchitecture(CPUArchitecture.X86_64)
                            .operatingSystemFamily(OSFamily.LINUX))
                .containerDefinitions(containers));
  }

  void service(String name, String family, String subnet, String sg, AssignPublicIp publicIp) {
    ecs.createService(
        r ->
            r.cluster(CLUSTER)
                .serviceName(name)
                .taskDefinition(family)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE)
                .networkConfiguration(
                    n ->
                        n.awsvpcConfiguration(
                            a -> a.subnets(subnet).securityGroups(sg).assignPublicIp(publicIp))));
  }

  void role(String name, String trust) {
    iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust));
  }

  String subnet(String cidr) {
    return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr)).subnet().subnetId();
  }

  String routeTable(String subnet) {
    String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(subnet));
    return table;
  }

  String push(String repo, String tag, String manifest) {
    return EcrImages.push(ecr, repo, tag, manifest);
  }

  static String manifest(int n) {
    return EcrImages.manifest("pull-it-" + n);
  }

  static String platform(String digest, String arch) {
    return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":528,\"digest\":\""
        + digest
        + "\",\"platform\":{\"architecture\":\""
        + arch
        + "\",\"os\":\"linux\"}}";
  }

  static String index(String... entries) {
    return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
        + String.join(",", entries)
        + "]}";
  }
}
