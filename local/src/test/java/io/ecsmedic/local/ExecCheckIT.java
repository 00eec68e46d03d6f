package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.check.ExecFactsCollector;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.CheckResult;
import io.ecsmedic.check.CheckResult.Status;
import io.ecsmedic.model.Category;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AgentUpdateStatus;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.ExecuteCommandLogging;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ManagedAgent;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PidMode;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.VersionInfo;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyRequest;

/**
 * The ECS Exec doctor against the emulator over two seeded estates in cluster {@code
 * exec-doctor-it}: a healthy Fargate service (task role with the ssmmessages actions, exec KMS key
 * and log group allowed, a private subnet behind a NAT, a caller role that may exec) and a broken
 * one (exec enabled on the service after its task started, platform 1.3.0, only the execution role
 * has ssmmessages, an isolated subnet with no ssmmessages endpoint, pidMode task, a read-only root
 * filesystem, access keys in the environment, a caller without ecs:ExecuteCommand).
 *
 * <p>What MiniStack 1.5.33 cannot express (it reports no managed agents, no ENI attachments, no
 * container-instance agent version, and answers a simulation of an unknown role with implicitDeny
 * instead of NoSuchEntity) is tested at the collector by decorating exactly that one call of the
 * emulator's client; everything else still goes to the emulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecCheckIT {
  static final String CLUSTER = "exec-doctor-it";
  static final String ACCOUNT = LocalAws.ACCOUNT;
  static final String KMS_KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/exec-it-key";
  static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
  static final String SSM =
      "\"ssmmessages:CreateControlChannel\",\"ssmmessages:CreateDataChannel\","
          + "\"ssmmessages:OpenControlChannel\",\"ssmmessages:OpenDataChannel\"";

  LocalAws aws;
  EcsClient ecs;
  Ec2Client ec2;
  IamClient iam;
  ElasticLoadBalancingV2Client elb;
  EcrClient ecr;

  /** Unique per run, so reruns against the same emulator never collide. */
  final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  String natSubnet;
  String natId;
  String isolatedSubnet;
  String healthyTask;
  String brokenTask;
  String standaloneTask;
  String ec2Task;
  String healthyService;
  String brokenService;

  @BeforeAll
  void seed() {
    aws = LocalAws.fromEnv(System.getenv());
    assertThat(aws.healthy()).as("emulator at " + aws.endpoint()).isTrue();
    ecs = aws.client(EcsClient.builder());
    ec2 = aws.client(Ec2Client.builder());
    iam = aws.client(IamClient.builder());
    elb = aws.client(ElasticLoadBalancingV2Client.builder());
    ecr = aws.client(EcrClient.builder());

    ecs.createCluster(
        r ->
            r.clusterName(CLUSTER)
                .configuration(
                    c ->
                        c.executeCommandConfiguration(
                            x ->
                                x.kmsKeyId(KMS_KEY)
                                    .logging(ExecuteCommandLogging.OVERRIDE)
                                    .logConfiguration(l -> l.cloudWatchLogGroupName("/exec-it")))));

    // Network: a private subnet behind a NAT, and an isolated one with only an ecr.api endpoint.
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.77.0.0/16")).vpc().vpcId();
    String publicSubnet = subnet(vpc, "10.77.0.0/24");
    natSubnet = subnet(vpc, "10.77.1.0/24");
    isolatedSubnet = subnet(vpc, "10.77.2.0/24");
    String eip = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    natId =
        ec2.createNatGateway(r -> r.subnetId(publicSubnet).allocationId(eip))
            .natGateway()
            .natGatewayId();
    String natTable = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    ec2.createRoute(
        r -> r.routeTableId(natTable).destinationCidrBlock("0.0.0.0/0").natGatewayId(natId));
    ec2.associateRouteTable(r -> r.routeTableId(natTable).subnetId(natSubnet));
    String isolatedTable = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    ec2.associateRouteTable(r -> r.routeTableId(isolatedTable).subnetId(isolatedSubnet));
    ec2.createVpcEndpoint(
        r ->
            r.vpcId(vpc)
                .vpcEndpointType("Interface")
                .serviceName("com.amazonaws.us-east-1.ecr.api")
                .subnetIds(isolatedSubnet)
                .privateDnsEnabled(true));

    // Roles: the healthy task role has everything; the broken one nothing, its execution role the
    // ssmmessages actions (the classic mix-up).
    role(
        "exec-it-task-ok",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
            + SSM
            + ",\"kms:Decrypt\",\"logs:CreateLogStream\",\"logs:DescribeLogStreams\",\"logs:PutLogEvents\","
            + "\"logs:DescribeLogGroups\"],\"Resource\":\"*\"}]}");
    role(
        "exec-it-task-bare",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
    role(
        "exec-it-exec-ssm",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
            + SSM
            + ",\"ecr:GetAuthorizationToken\"],\"Resource\":\"*\"}]}");
    role(
        "exec-it-oncall",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:ExecuteCommand\","
            + "\"Resource\":\"arn:aws:ecs:us-east-1:"
            + ACCOUNT
            + ":task/"
            + CLUSTER
            + "/*\"},{\"Effect\":\"Allow\",\"Action\":\"kms:GenerateDataKey\",\"Resource\":\""
            + KMS_KEY
            + "\"}]}");
    try {
      iam.createUser(r -> r.userName("exec-it-bob"));
    } catch (EntityAlreadyExistsException e) {
      // an earlier run made it
    }

    String healthyTd =
        taskDefinition(
            "exec-it-healthy",
            "exec-it-task-ok",
            "exec-it-exec-ssm",
            null,
            ContainerDefinition.builder()
                .name("app")
                .image("nginx")
                .essential(true)
                .linuxParameters(l -> l.initProcessEnabled(true))
                .build());
    String brokenTd =
        taskDefinition(
            "exec-it-broken",
            "exec-it-task-bare",
            "exec-it-exec-ssm",
            PidMode.TASK,
            ContainerDefinition.builder()
                .name("app")
                .image("nginx")
                .essential(true)
                .readonlyRootFilesystem(true)
                .restartPolicy(p -> p.enabled(true))
                .environment(
                    KeyValuePair.builder().name("AWS_ACCESS_KEY_ID").value("AKIAEXAMPLE").build(),
                    KeyValuePair.builder().name("AWS_SECRET_ACCESS_KEY").value("x").build())
                .build(),
            ContainerDefinition.builder()
                .name("sidecar")
                .image("busybox")
                .essential(false)
                .build());

    healthyService = "exec-it-healthy-" + run;
    ecs.createService(
        r ->
            r.cluster(CLUSTER)
                .serviceName(healthyService)
                .taskDefinition(healthyTd)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE)
                .platformVersion("1.4.0")
                .enableExecuteCommand(true)
                .networkConfiguration(
                    n ->
                        n.awsvpcConfiguration(
                            v -> v.subnets(natSubnet).assignPublicIp(AssignPublicIp.DISABLED))));
    healthyTask = onlyTask(healthyService);

    // The broken service gets exec only after its task started, without a new deployment.
    brokenService = "exec-it-broken-" + run;
    ecs.createService(
        r ->
            r.cluster(CLUSTER)
                .serviceName(brokenService)
                .taskDefinition(brokenTd)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE)
                .platformVersion("1.3.0")
                .networkConfiguration(
                    n ->
                        n.awsvpcConfiguration(
                            v ->
                                v.subnets(isolatedSubnet)
                                    .assignPublicIp(AssignPublicIp.DISABLED))));
    brokenTask = onlyTask(brokenService);
    ecs.updateService(r -> r.cluster(CLUSTER).service(brokenService).enableExecuteCommand(true));

    standaloneTask =
        taskId(
            ecs.runTask(
                    r ->
                        r.cluster(CLUSTER)
                            .taskDefinition(healthyTd)
                            .launchType(LaunchType.FARGATE)
                            .networkConfiguration(
                                n -> n.awsvpcConfiguration(v -> v.subnets(natSubnet))))
                .tasks()
                .getFirst()
                .taskArn());
    String ec2Td =
        ecs.registerTaskDefinition(
                r ->
                    r.family("exec-it-ec2")
                        .taskRoleArn(roleArn("exec-it-task-ok"))
                        .containerDefinitions(c -> c.name("app").image("nginx").memory(128)))
            .taskDefinition()
            .taskDefinitionArn();
    ec2Task =
        taskId(
            ecs.runTask(
                    r ->
                        r.cluster(CLUSTER)
                            .taskDefinition(ec2Td)
                            .launchType(LaunchType.EC2)
                            .enableExecuteCommand(true))
                .tasks()
                .getFirst()
                .taskArn());
  }

  @AfterAll
  void tearDown() {
    for (String service : List.of(healthyService, brokenService)) {
      if (service != null) {
        ecs.deleteService(r -> r.cluster(CLUSTER).service(service).force(true));
      }
    }
    for (String task : List.of(standaloneTask, ec2Task)) {
      if (task != null) {
        ecs.stopTask(r -> r.cluster(CLUSTER).task(task));
      }
    }
  }

  @Test
  void aHealthyTaskPassesEveryStepTheEmulatorCanShow() {
    CheckReport report =
        doctor(ecs, iam)
            .check(
                CLUSTER,
                healthyTask,
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/exec-it-oncall/alice");
    Map<String, CheckResult> r = byId(report);

    assertThat(report.checker()).isEqualTo("exec-check");
    assertThat(report.category()).isEqualTo(Category.ECS_EXEC);
    assertThat(report.subject()).isEqualTo(CLUSTER + "/" + healthyTask);
    // The task's service, so triage can start the workflow (enable exec) on it.
    assertThat(report.service()).isEqualTo(new CheckReport.Service(CLUSTER, healthyService));
    assertThat(report.failures()).as(report.text("ECS_EXEC")).isEmpty();
    assertPass(r, "exec.task-running", "task " + healthyTask + " is RUNNING");
    assertPass(r, "exec.enabled", "enableExecuteCommand is true on the task");
    assertPass(r, "exec.platform", "Fargate platform 1.4.0");
    assertPass(
        r, "exec.task-role", "task role exec-it-task-ok allows the four ssmmessages actions");
    assertPass(
        r,
        "exec.cluster-config",
        "cluster exec config: KMS key "
            + KMS_KEY
            + ", logging OVERRIDE; task role exec-it-task-ok allows kms:Decrypt, logs:CreateLogStream,"
            + " logs:DescribeLogStreams, logs:PutLogEvents, logs:DescribeLogGroups");
    assertPass(
        r,
        "exec.caller",
        "arn:aws:sts::"
            + ACCOUNT
            + ":assumed-role/exec-it-oncall/alice may ecs:ExecuteCommand, kms:GenerateDataKey on the task");
    assertPass(r, "exec.network", natSubnet + " → " + natId);
    assertPass(r, "exec.pid-mode", "pidMode not set: each container has its own PID namespace");
    assertPass(r, "exec.restart-policy", "no container has restartPolicy enabled");
    assertPass(r, "exec.readonly-root", "no container sets readonlyRootFilesystem");
    assertPass(r, "exec.init-process", "initProcessEnabled is true in every container");
    assertThat(r.get("exec.credentials-env").status()).isEqualTo(Status.PASS);
    // The emulator reports no managed agents: honestly UNKNOWN, never a PASS.
    assertThat(r.get("exec.agent").status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.get("exec.agent").evidence())
        .isEqualTo("no container reports an ExecuteCommandAgent yet (app)");
    assertThat(r.get("exec.agent-connection").status()).isEqualTo(Status.UNKNOWN);
    assertThat(report.verdict()).isEqualTo(Status.UNKNOWN);
    // Without ENI attachments the service's subnets are used, and the report says so.
    assertThat(report.notes())
        .contains(
            "network: the task reports no ENI subnet; checked the subnets of service "
                + healthyService);
  }

  @Test
  void aBrokenTaskFailsEachStepWithItsCauseAndFix() {
    CheckReport report =
        doctor(ecs, iam)
            .check(CLUSTER, brokenTask, "arn:aws:iam::" + ACCOUNT + ":user/exec-it-bob");
    Map<String, CheckResult> r = byId(report);

    assertThat(report.failures())
        .extracting(CheckResult::id)
        .containsExactly(
            "exec.enabled",
            "exec.platform",
            "exec.task-role",
            "exec.cluster-config",
            "exec.caller",
            "exec.network",
            "exec.pid-mode",
            "exec.readonly-root",
            "exec.credentials-env");
    assertThat(r.get("exec.task-running").status()).isEqualTo(Status.PASS);
    assertFail(
        r,
        "exec.enabled",
        "service "
            + brokenService
            + " has enableExecuteCommand on, but this task was started before it was turned on:"
            + " running tasks never gain exec",
        "aws ecs update-service --cluster exec-doctor-it --service "
            + brokenService
            + " --enable-execute-command --force-new-deployment");
    assertFail(
        r,
        "exec.platform",
        "Fargate platform 1.3.0 is older than 1.4.0, which exec needs",
        "aws ecs update-service --cluster exec-doctor-it --service "
            + brokenService
            + " --platform-version LATEST --force-new-deployment");
    assertThat(r.get("exec.task-role").evidence())
        .startsWith(
            "task role exec-it-task-bare does not allow any of the four ssmmessages actions (implicitDeny)")
        .endsWith(
            "; the execution role exec-it-exec-ssm has them, but the exec agent uses the task role");
    assertThat(r.get("exec.task-role").fix())
        .startsWith(
            "aws iam put-role-policy --role-name exec-it-task-bare --policy-name ecs-exec --policy-document '{");
    assertThat(r.get("exec.cluster-config").evidence())
        .contains("task role exec-it-task-bare does not allow kms:Decrypt (implicitDeny)");
    assertThat(r.get("exec.cluster-config").fix())
        .contains("\"Action\":\"kms:Decrypt\",\"Resource\":\"" + KMS_KEY + "\"")
        .contains("arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/exec-it:*");
    assertFail(
        r,
        "exec.caller",
        "arn:aws:iam::"
            + ACCOUNT
            + ":user/exec-it-bob may not ecs:ExecuteCommand (implicitDeny), kms:GenerateDataKey (implicitDeny) on task "
            + brokenTask,
        null);
    assertThat(r.get("exec.caller").fix())
        .startsWith("aws iam put-user-policy --user-name exec-it-bob --policy-name ecs-exec-caller")
        .contains("\"arn:aws:ecs:us-east-1:" + ACCOUNT + ":task/exec-doctor-it/*\"");
    assertThat(r.get("exec.network").evidence())
        .isEqualTo(
            isolatedSubnet + " has no NAT or internet route, and no endpoint for ssmmessages");
    assertThat(r.get("exec.network").fix())
        .contains("--service-name com.amazonaws.us-east-1.ssmmessages");
    assertThat(r.get("exec.pid-mode").evidence())
        .startsWith("pidMode task: app, sidecar share one PID namespace");
    assertThat(r.get("exec.readonly-root").evidence())
        .startsWith("readonlyRootFilesystem is true in app");
    assertThat(r.get("exec.readonly-root").fix())
        .contains("--task-definition exec-it-broken:")
        .endsWith(
            "--service "
                + brokenService
                + " --task-definition exec-it-broken --force-new-deployment");
    assertThat(r.get("exec.credentials-env").evidence())
        .isEqualTo(
            "app sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: the exec agent signs with these keys instead of the task role");
    assertThat(r.get("exec.restart-policy").status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.get("exec.agent").evidence()).contains("see exec.enabled");
    assertThat(report.text("docs/runbooks/ECS_EXEC.md")).contains("fix: aws ecs update-service");
  }

  @Test
  void aMissingTaskIsAFailedFirstStepNotAnException() {
    CheckReport report = doctor(ecs, iam).check(CLUSTER, "0123456789abcdef0123456789abcdef", null);

    assertThat(report.results().getFirst().id()).isEqualTo("exec.task-running");
    assertThat(report.results().getFirst().status()).isEqualTo(Status.FAIL);
    assertThat(report.results().getFirst().evidence())
        .startsWith(
            "task 0123456789abcdef0123456789abcdef was not found in cluster exec-doctor-it");
    assertThat(report.results().subList(1, report.results().size()))
        .allSatisfy(c -> assertThat(c.status()).as(c.id()).isEqualTo(Status.UNKNOWN));
    assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("MISSING"));
  }

  @Test
  void aStandaloneTaskWithoutExecIsRunAgainWithTheFlag() {
    CheckReport report = doctor(ecs, iam).check(CLUSTER, standaloneTask, null);
    Map<String, CheckResult> r = byId(report);

    assertFail(
        r,
        "exec.enabled",
        "standalone task "
            + standaloneTask
            + " was started without --enable-execute-command; a running task never gains it",
        "aws ecs run-task --cluster exec-doctor-it --task-definition exec-it-healthy --enable-execute-command"
            + " --launch-type FARGATE --network-configuration 'awsvpcConfiguration={subnets=[<subnet-id>],securityGroups=[<task sg>]}'");
    assertThat(r.get("exec.caller").status()).isEqualTo(Status.UNKNOWN);
    // No ENI attachment in the emulator and no service to fall back on: the network is unknown.
    assertThat(r.get("exec.network").status()).isEqualTo(Status.UNKNOWN);
  }

  /**
   * MiniStack returns no {@code managedAgents} and no ENI {@code attachments} in DescribeTasks, so
   * only that call is decorated: the emulator's healthy task, with a STOPPED agent and an ENI in
   * the isolated subnet. The agent step must fail with ECS's reason, and the network step must
   * follow the task's ENI rather than its service's subnets.
   */
  @Test
  void aStoppedAgentAndTheTasksOwnSubnetAreReadFromDescribeTasks() {
    EcsClient withAgent =
        describeTasksEdited(
            ecs,
            t ->
                t.toBuilder()
                    .containers(
                        t.containers().stream()
                            .map(
                                c ->
                                    c.toBuilder()
                                        .managedAgents(
                                            ManagedAgent.builder()
                                                .name("ExecuteCommandAgent")
                                                .lastStatus("STOPPED")
                                                .reason("agent exited")
                                                .build())
                                        .build())
                            .toList())
                    .attachments(
                        Attachment.builder()
                            .type("ElasticNetworkInterface")
                            .status("ATTACHED")
                            .details(
                                KeyValuePair.builder()
                                    .name("subnetId")
                                    .value(isolatedSubnet)
                                    .build(),
                                KeyValuePair.builder()
                                    .name("networkInterfaceId")
                                    .value("eni-1")
                                    .build())
                            .build())
                    .build());

    Map<String, CheckResult> r = byId(doctor(withAgent, iam).check(CLUSTER, healthyTask, null));

    assertFail(r, "exec.agent", "ExecuteCommandAgent STOPPED in app (agent exited)", null);
    assertThat(r.get("exec.agent").fix())
        .contains("service " + healthyService + " starts a new task")
        .endsWith(
            "aws ecs stop-task --cluster exec-doctor-it --task "
                + healthyTask
                + " --reason 'ecs exec: replace task'");
    assertThat(r.get("exec.network").evidence())
        .isEqualTo(
            isolatedSubnet + " has no NAT or internet route, and no endpoint for ssmmessages");
  }

  /** The same decoration with a RUNNING agent: the step passes, naming the container. */
  @Test
  void aRunningAgentPasses() {
    EcsClient running =
        describeTasksEdited(
            ecs,
            t ->
                t.toBuilder()
                    .containers(
                        t.containers().stream()
                            .map(
                                c ->
                                    c.toBuilder()
                                        .managedAgents(
                                            ManagedAgent.builder()
                                                .name("ExecuteCommandAgent")
                                                .lastStatus("RUNNING")
                                                .build())
                                        .build())
                            .toList())
                    .build());

    CheckReport report = doctor(running, iam).check(CLUSTER, healthyTask, null);

    assertPass(byId(report), "exec.agent", "ExecuteCommandAgent RUNNING in app");
    assertThat(report.count(Status.UNKNOWN))
        .as("the caller (not given) and the agent's connection stay unknown")
        .isEqualTo(2);
  }

  /**
   * MiniStack answers a simulation of a role that does not exist with implicitDeny; IAM answers
   * NoSuchEntity. Only SimulatePrincipalPolicy is decorated, for the healthy task's role.
   */
  @Test
  void aTaskRoleIamDoesNotKnowIsReportedAsMissing() {
    IamClient noRole =
        NarrowFakes.decorate(
            IamClient.class,
            iam,
            "simulatePrincipalPolicy",
            SimulatePrincipalPolicyRequest.class,
            SimulatePrincipalPolicyRequest::builder,
            req -> {
              if (req.policySourceArn().endsWith(":role/exec-it-task-ok")) {
                throw NoSuchEntityException.builder().message("role not found").build();
              }
              return iam.simulatePrincipalPolicy(req);
            });

    Map<String, CheckResult> r = byId(doctor(ecs, noRole).check(CLUSTER, healthyTask, null));

    assertThat(r.get("exec.task-role").status()).isEqualTo(Status.FAIL);
    assertThat(r.get("exec.task-role").evidence())
        .isEqualTo("task role exec-it-task-ok does not exist");
    assertThat(r.get("exec.task-role").fix())
        .startsWith("aws iam create-role --role-name exec-it-task-ok");
    assertThat(r.get("exec.cluster-config").status()).isEqualTo(Status.UNKNOWN);
  }

  /**
   * An EC2 task: MiniStack's DescribeContainerInstances knows no instance, so the agent version is
   * UNKNOWN (never a PASS); with that one call decorated to answer an agent older than 1.50.2, the
   * step fails with the update command.
   */
  @Test
  void onEc2TheContainerInstancesAgentVersionDecides() {
    Map<String, CheckResult> unseen = byId(doctor(ecs, iam).check(CLUSTER, ec2Task, null));
    EcsClient oldAgent =
        NarrowFakes.decorate(
            EcsClient.class,
            ecs,
            "describeContainerInstances",
            DescribeContainerInstancesRequest.class,
            DescribeContainerInstancesRequest::builder,
            req ->
                DescribeContainerInstancesResponse.builder()
                    .containerInstances(
                        ContainerInstance.builder()
                            .containerInstanceArn(req.containerInstances().getFirst())
                            .agentUpdateStatus(AgentUpdateStatus.UPDATED)
                            .versionInfo(VersionInfo.builder().agentVersion("1.48.1").build())
                            .build())
                    .build());
    Map<String, CheckResult> old = byId(doctor(oldAgent, iam).check(CLUSTER, ec2Task, null));

    assertThat(unseen.get("exec.platform").status()).isEqualTo(Status.UNKNOWN);
    assertThat(unseen.get("exec.platform").evidence())
        .isEqualTo("EC2 task: the ECS agent version of its container instance could not be read");
    assertThat(old.get("exec.platform").status()).isEqualTo(Status.FAIL);
    assertThat(old.get("exec.platform").evidence())
        .isEqualTo("ECS agent 1.48.1 is older than 1.50.2, which exec needs");
    assertThat(old.get("exec.platform").fix())
        .startsWith(
            "aws ecs update-container-agent --cluster exec-doctor-it --container-instance ");
    // bridge networking on EC2: the instance's network, not checked.
    assertThat(old.get("exec.network").status()).isEqualTo(Status.UNKNOWN);
  }

  // ---- helpers ----

  ExecFactsCollector doctor(EcsClient ecsClient, IamClient iamClient) {
    return new ExecFactsCollector(
        new CheckClients(ecsClient, elb, ec2, iamClient, ecr), aws.region(), Clock.systemUTC());
  }

  static Map<String, CheckResult> byId(CheckReport report) {
    return report.results().stream()
        .collect(Collectors.toMap(CheckResult::id, c -> c, (a, b) -> a, LinkedHashMap::new));
  }

  static void assertPass(Map<String, CheckResult> r, String id, String evidence) {
    assertThat(r.get(id).status()).as(id + ": " + r.get(id).evidence()).isEqualTo(Status.PASS);
    assertThat(r.get(id).evidence()).as(id).isEqualTo(evidence);
  }

  static void assertFail(Map<String, CheckResult> r, String id, String evidence, String fix) {
    assertThat(r.get(id).status()).as(id + ": " + r.get(id).evidence()).isEqualTo(Status.FAIL);
    assertThat(r.get(id).evidence()).as(id).isEqualTo(evidence);
    if (fix != null) {
      assertThat(r.get(id).fix()).as(id).isEqualTo(fix);
    }
  }

  /** The emulator's client with DescribeTasks' tasks edited; every other call goes through. */
  static EcsClient describeTasksEdited(EcsClient real, UnaryOperator<Task> edit) {
    return NarrowFakes.decorate(
        EcsClient.class,
        real,
        "describeTasks",
        DescribeTasksRequest.class,
        DescribeTasksRequest::builder,
        req -> {
          DescribeTasksResponse response = real.describeTasks(req);
          return response.toBuilder().tasks(response.tasks().stream().map(edit).toList()).build();
        });
  }

  String subnet(String vpc, String cidr) {
    return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr)).subnet().subnetId();
  }

  void role(String name, String inlinePolicy) {
    try {
      iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
    } catch (EntityAlreadyExistsException e) {
      // an earlier run against the same emulator made it; the policy below is rewritten
    }
    iam.putRolePolicy(r -> r.roleName(name).policyName("exec-it").policyDocument(inlinePolicy));
  }

  static String roleArn(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
  }

  String taskDefinition(
      String family,
      String taskRole,
      String executionRole,
      PidMode pidMode,
      ContainerDefinition... containers) {
    return ecs.registerTaskDefinition(
            r ->
                r.family(family)
                    .taskRoleArn(roleArn(taskRole))
                    .executionRoleArn(roleArn(executionRole))
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC)
                    .pidMode(pidMode)
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(containers))
        .taskDefinition()
        .taskDefinitionArn();
  }

  String onlyTask(String service) {
    List<String> arns = ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(service)).taskArns();
    assertThat(arns).as("tasks of " + service).hasSize(1);
    return taskId(arns.getFirst());
  }

  static String taskId(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
