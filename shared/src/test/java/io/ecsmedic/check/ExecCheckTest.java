package io.ecsmedic.check;

import static io.ecsmedic.check.CheckResult.Status.FAIL;
import static io.ecsmedic.check.CheckResult.Status.PASS;
import static io.ecsmedic.check.CheckResult.Status.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.check.CheckResult.Status;
import io.ecsmedic.check.ExecFacts.Agent;
import io.ecsmedic.check.ExecFacts.Caller;
import io.ecsmedic.check.ExecFacts.ClusterExec;
import io.ecsmedic.check.ExecFacts.Container;
import io.ecsmedic.check.ExecFacts.RoleAccess;
import io.ecsmedic.check.ExecFacts.Service;
import io.ecsmedic.check.ExecFacts.Task;
import io.ecsmedic.check.NetworkFacts.Egress;
import io.ecsmedic.check.NetworkFacts.Subnet;
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

/** The ECS Exec checklist over a healthy task, a broken one, and one it cannot see. */
class ExecCheckTest {
  static final String ARN = "arn:aws:ecs:eu-west-1:123456789012:task/prod/abc123";
  static final String TASK_ROLE = "arn:aws:iam::123456789012:role/orders-task";
  static final String EXEC_ROLE = "arn:aws:iam::123456789012:role/orders-execution";
  static final List<String> ORDER =
      List.of(
          "exec.task-running",
          "exec.enabled",
          "exec.platform",
          "exec.agent",
          "exec.agent-connection",
          "exec.task-role",
          "exec.cluster-config",
          "exec.caller",
          "exec.network",
          "exec.pid-mode",
          "exec.restart-policy",
          "exec.readonly-root",
          "exec.init-process",
          "exec.credentials-env");

  static Map<String, String> all(List<String> actions, String decision) {
    Map<String, String> m = new LinkedHashMap<>();
    actions.forEach(a -> m.put(a, decision));
    return m;
  }

  /** An IAM user the simulation denies ecs:ExecuteCommand. */
  static final Caller DENIED_USER =
      new Caller(
          "arn:aws:iam::123456789012:user/bob",
          "arn:aws:iam::123456789012:user/bob",
          Map.of("ecs:ExecuteCommand", "implicitDeny"),
          List.of());

  /** The same user where a condition key decides, which the simulation cannot settle. */
  static final Caller CONDITIONS_DECIDE =
      new Caller(
          "arn:aws:iam::123456789012:user/bob",
          "arn:aws:iam::123456789012:user/bob",
          Map.of("ecs:ExecuteCommand", "implicitDeny"),
          List.of("ecs:container-name"));

  static final NetworkFacts NAT =
      new NetworkFacts(
          "eu-west-1",
          "vpc-1",
          List.of(new Subnet("subnet-a", "rtb-1", Egress.NAT, "nat-1", Set.of())),
          false,
          Map.of());

  static final ExecFacts HEALTHY =
      new ExecFacts(
          "prod",
          "abc123",
          true,
          new Task(
              ARN,
              "RUNNING",
              "FARGATE",
              "1.4.0",
              "Linux",
              true,
              null,
              List.of(new Agent("app", "RUNNING", null), new Agent("log-router", "RUNNING", null))),
          new Service("orders", true),
          "orders:7",
          null,
          new ClusterExec("key-1", "OVERRIDE", "/ecs/exec", null, null),
          new RoleAccess(
              TASK_ROLE,
              true,
              all(
                  List.of(
                      "ssmmessages:CreateControlChannel",
                      "ssmmessages:CreateDataChannel",
                      "ssmmessages:OpenControlChannel",
                      "ssmmessages:OpenDataChannel",
                      "kms:Decrypt",
                      "logs:CreateLogStream",
                      "logs:DescribeLogStreams",
                      "logs:PutLogEvents",
                      "logs:DescribeLogGroups"),
                  "allowed")),
          new RoleAccess(EXEC_ROLE, true, all(ExecFacts.SSM_ACTIONS, "implicitDeny")),
          new Caller(
              "arn:aws:sts::123456789012:assumed-role/Dev/alice",
              "arn:aws:iam::123456789012:role/Dev",
              all(List.of("ecs:ExecuteCommand", "kms:GenerateDataKey"), "allowed"),
              List.of()),
          "awsvpc",
          NAT,
          "",
          List.of(
              new Container("app", false, true, false, List.of()),
              new Container("log-router", null, true, null, List.of())));

  /** Everything wrong at once: each step must name its own cause and say the fix. */
  static final ExecFacts BROKEN =
      new ExecFacts(
          "prod",
          "abc123",
          true,
          new Task(
              ARN,
              "PENDING",
              "FARGATE",
              "1.3.0",
              "Linux",
              false,
              null,
              List.of(new Agent("app", "STOPPED", "exited"), new Agent("sidecar", null, null))),
          new Service("orders", true),
          "orders:7",
          null,
          new ClusterExec("key-1", "OVERRIDE", "/ecs/exec", "audit-bucket", "exec/"),
          new RoleAccess(TASK_ROLE, true, all(ExecFacts.SSM_ACTIONS, "implicitDeny")),
          new RoleAccess(EXEC_ROLE, true, all(ExecFacts.SSM_ACTIONS, "allowed")),
          new Caller(
              "arn:aws:sts::123456789012:assumed-role/Dev/alice",
              "arn:aws:iam::123456789012:role/Dev",
              Map.of("ecs:ExecuteCommand", "implicitDeny"),
              List.of()),
          "awsvpc",
          new NetworkFacts(
              "eu-west-1",
              "vpc-1",
              List.of(new Subnet("subnet-b", "rtb-2", Egress.NONE, null, Set.of("s3"))),
              false,
              Map.of("ecr.api", true)),
          "task",
          List.of(
              new Container(
                  "app", true, false, true, List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")),
              new Container("sidecar", false, true, false, List.of())));

  static Map<String, CheckResult> byId(List<CheckResult> results) {
    return results.stream()
        .collect(Collectors.toMap(CheckResult::id, r -> r, (a, b) -> a, LinkedHashMap::new));
  }

  /**
   * The checklist as a table: facts in, the statuses of the steps the row is about out. A new case
   * is one row; the tests below it read the evidence and the fix of the interesting ones.
   */
  static Stream<Arguments> cases() {
    Task fargate = HEALTHY.task();
    Task ec2 =
        new Task(
            ARN,
            "RUNNING",
            "EC2",
            null,
            null,
            true,
            "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/ci-9",
            List.of());
    Task noExecFlag = new Task(ARN, "RUNNING", "FARGATE", "1.4.0", "Linux", false, null, List.of());
    Map<String, String> oneDenied = all(ExecFacts.SSM_ACTIONS, "allowed");
    oneDenied.put("ssmmessages:OpenDataChannel", "explicitDeny");
    return Stream.of(
        StepTable.row(
            "healthy", HEALTHY, "exec.task-running", PASS, "exec.agent-connection", UNKNOWN),
        StepTable.row(
            "nothing seen", ExecFacts.unseen("prod", "abc123"), "exec.task-running", UNKNOWN),
        StepTable.row(
            "agent stopped",
            withTask(HEALTHY, withAgents(fargate, new Agent("app", "STOPPED", "exited")), null),
            "exec.agent",
            FAIL),
        StepTable.row(
            "agent pending",
            withTask(HEALTHY, withAgents(fargate, new Agent("app", "PENDING", null)), null),
            "exec.agent",
            UNKNOWN),
        StepTable.row(
            "no agent reported",
            withTask(HEALTHY, withAgents(fargate, new Agent("app", null, null)), null),
            "exec.agent",
            UNKNOWN),
        StepTable.row(
            "standalone task without the flag",
            withTask(HEALTHY, noExecFlag, Service.STANDALONE),
            "exec.enabled",
            FAIL,
            "exec.agent",
            UNKNOWN),
        StepTable.row(
            "service with exec off",
            withTask(HEALTHY, noExecFlag, new Service("orders", false)),
            "exec.enabled",
            FAIL),
        StepTable.row(
            "EC2 agent too old",
            withAgentVersion(withTask(HEALTHY, ec2, HEALTHY.service()), "1.48.1"),
            "exec.platform",
            FAIL),
        StepTable.row(
            "EC2 agent version unreadable",
            withAgentVersion(withTask(HEALTHY, ec2, HEALTHY.service()), null),
            "exec.platform",
            UNKNOWN),
        StepTable.row(
            "EC2 agent current",
            withAgentVersion(withTask(HEALTHY, ec2, HEALTHY.service()), "1.89.3"),
            "exec.platform",
            PASS),
        StepTable.row(
            "no task role on Fargate",
            withTaskRole(HEALTHY, new RoleAccess(null, null, null)),
            "exec.task-role",
            FAIL),
        StepTable.row(
            "no task role on EC2",
            withTask(
                withTaskRole(HEALTHY, new RoleAccess(null, null, null)), ec2, HEALTHY.service()),
            "exec.task-role",
            UNKNOWN),
        StepTable.row(
            "task role does not exist",
            withTaskRole(HEALTHY, new RoleAccess(TASK_ROLE, false, null)),
            "exec.task-role",
            FAIL),
        StepTable.row(
            "an explicit deny on the task role",
            withTaskRole(HEALTHY, new RoleAccess(TASK_ROLE, true, oneDenied)),
            "exec.task-role",
            FAIL),
        StepTable.row("no CloudTrail caller", withCaller(HEALTHY, null), "exec.caller", UNKNOWN),
        StepTable.row("caller denied", withCaller(HEALTHY, DENIED_USER), "exec.caller", FAIL),
        StepTable.row(
            "caller decided by conditions",
            withCaller(HEALTHY, CONDITIONS_DECIDE),
            "exec.caller",
            UNKNOWN),
        StepTable.row(
            "root caller",
            withCaller(HEALTHY, new Caller("arn:aws:iam::123456789012:root", null, null, null)),
            "exec.caller",
            UNKNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theStepsJudgeTheirFacts(String name, ExecFacts facts, Map<String, Status> expected) {
    assertThat(StepTable.statuses(ExecCheck.run(facts))).containsAllEntriesOf(expected);
  }

  private static Task withAgents(Task t, Agent... agents) {
    return Records.with(t, "agents", List.of(agents));
  }

  @Test
  void theStepsComeInTheRunbooksOrder() {
    assertThat(ExecCheck.run(HEALTHY)).extracting(CheckResult::id).containsExactlyElementsOf(ORDER);
  }

  @Test
  void aHealthyTaskPassesEveryStepButTheConnectionNoApiCanSee() {
    Map<String, CheckResult> r = byId(ExecCheck.run(HEALTHY));

    assertThat(r.values())
        .filteredOn(c -> !c.id().equals("exec.agent-connection"))
        .allSatisfy(
            c -> assertThat(c.status()).as(c.id() + ": " + c.evidence()).isEqualTo(Status.PASS));
    assertThat(r.get("exec.agent-connection").status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.get("exec.agent-connection").evidence())
        .contains("TargetNotConnectedException")
        .contains("aws ecs stop-task --cluster prod --task abc123");
    assertThat(r.get("exec.platform").evidence()).isEqualTo("Fargate platform 1.4.0");
    assertThat(r.get("exec.agent").evidence())
        .isEqualTo("ExecuteCommandAgent RUNNING in app, log-router");
    assertThat(r.get("exec.task-role").evidence())
        .isEqualTo("task role orders-task allows the four ssmmessages actions");
    assertThat(r.get("exec.cluster-config").evidence())
        .startsWith(
            "cluster exec config: KMS key key-1, logging OVERRIDE; task role orders-task allows kms:Decrypt");
    assertThat(r.get("exec.network").evidence()).isEqualTo("subnet-a → nat-1");
    assertThat(r.get("exec.pid-mode").evidence()).contains("pidMode not set");
  }

  @Test
  void aBrokenTaskFailsEachStepWithItsEvidenceAndFix() {
    Map<String, CheckResult> r = byId(ExecCheck.run(BROKEN));

    assertThat(r.entrySet())
        .filteredOn(e -> e.getValue().status() == Status.FAIL)
        .extracting(Map.Entry::getKey)
        .containsExactly(
            "exec.task-running",
            "exec.enabled",
            "exec.platform",
            "exec.task-role",
            "exec.cluster-config",
            "exec.caller",
            "exec.network",
            "exec.pid-mode",
            "exec.readonly-root",
            "exec.credentials-env");
    assertThat(r.values())
        .filteredOn(c -> c.status() == Status.FAIL)
        .allSatisfy(c -> assertThat(c.fix()).as(c.id()).isNotBlank());

    assertThat(r.get("exec.task-running").evidence()).contains("is PENDING");
    assertThat(r.get("exec.task-running").fix())
        .isEqualTo("aws ecs wait tasks-running --cluster prod --tasks abc123");
    assertThat(r.get("exec.enabled").evidence())
        .isEqualTo(
            "service orders has enableExecuteCommand on, but this task was started before it was"
                + " turned on: running tasks never gain exec");
    assertThat(r.get("exec.enabled").fix())
        .isEqualTo(
            "aws ecs update-service --cluster prod --service orders --enable-execute-command --force-new-deployment");
    assertThat(r.get("exec.platform").evidence()).contains("1.3.0").contains("1.4.0");
    assertThat(r.get("exec.platform").fix())
        .isEqualTo(
            "aws ecs update-service --cluster prod --service orders --platform-version LATEST --force-new-deployment");
    // One cause, one failure: with exec off there is no agent to judge.
    assertThat(r.get("exec.agent").status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.get("exec.agent").evidence()).contains("see exec.enabled");
    assertThat(r.get("exec.task-role").evidence())
        .startsWith(
            "task role orders-task does not allow any of the four ssmmessages actions (implicitDeny)")
        .endsWith(
            "; the execution role orders-execution has them, but the exec agent uses the task role");
    assertThat(r.get("exec.task-role").fix())
        .startsWith(
            "aws iam put-role-policy --role-name orders-task --policy-name ecs-exec --policy-document"
                + " '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "[\"ssmmessages:CreateControlChannel\",\"ssmmessages:CreateDataChannel\","
                + "\"ssmmessages:OpenControlChannel\",\"ssmmessages:OpenDataChannel\"],\"Resource\":\"*\"}]}'");
    assertThat(r.get("exec.cluster-config").evidence())
        .contains("kms:Decrypt (not evaluated)")
        .contains("s3:PutObject (not evaluated)");
    assertThat(r.get("exec.cluster-config").fix())
        .contains("--role-name orders-task --policy-name ecs-exec-logging")
        .contains(
            "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"arn:aws:kms:eu-west-1:123456789012:key/key-1\"}")
        .contains(
            "{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:DescribeLogStreams\",\"logs:PutLogEvents\"],"
                + "\"Resource\":\"arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/exec:*\"}")
        .contains("\"Resource\":\"arn:aws:s3:::audit-bucket/exec/*\"")
        .contains("\"Resource\":\"arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/exec:*\"");
    assertThat(r.get("exec.caller").evidence())
        .isEqualTo(
            "arn:aws:sts::123456789012:assumed-role/Dev/alice may not ecs:ExecuteCommand (implicitDeny) on task abc123");
    assertThat(r.get("exec.caller").fix())
        .isEqualTo(
            "aws iam put-role-policy --role-name Dev --policy-name ecs-exec-caller --policy-document"
                + " '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:ExecuteCommand\","
                + "\"Resource\":[\"arn:aws:ecs:eu-west-1:123456789012:cluster/prod\","
                + "\"arn:aws:ecs:eu-west-1:123456789012:task/prod/*\"]}]}'");
    assertThat(r.get("exec.network").evidence())
        .isEqualTo("subnet-b has no NAT or internet route, and no endpoint for ssmmessages");
    assertThat(r.get("exec.network").fix()).contains("com.amazonaws.eu-west-1.ssmmessages");
    assertThat(r.get("exec.pid-mode").evidence()).contains("app, sidecar share one PID namespace");
    assertThat(r.get("exec.readonly-root").evidence())
        .isEqualTo(
            "readonlyRootFilesystem is true in app: the exec agent cannot create its files there");
    assertThat(r.get("exec.readonly-root").fix())
        .startsWith(
            "aws ecs describe-task-definition --task-definition orders:7 --query taskDefinition | jq")
        .contains("if .name | IN(\"app\") then .readonlyRootFilesystem = false")
        .contains("aws ecs register-task-definition --cli-input-json file://td.json")
        .endsWith(
            "aws ecs update-service --cluster prod --service orders --task-definition orders --force-new-deployment");
    assertThat(r.get("exec.credentials-env").evidence())
        .isEqualTo(
            "app sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: the exec agent signs with these keys"
                + " instead of the task role");
    // Not failures by design: restarts are invisible, init is a recommendation.
    assertThat(r.get("exec.restart-policy").status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.get("exec.restart-policy").evidence()).contains("restartPolicy is on for app");
    assertThat(r.get("exec.init-process").status()).isEqualTo(Status.PASS);
    assertThat(r.get("exec.init-process").evidence()).contains("initProcessEnabled is off in app");
  }

  @Test
  void aStoppedAgentFailsWithItsReasonAndTheTaskIsReplaced() {
    ExecFacts stopped =
        withTask(
            HEALTHY,
            new Task(
                ARN,
                "RUNNING",
                "FARGATE",
                "1.4.0",
                "Linux",
                true,
                null,
                List.of(new Agent("app", "STOPPED", "exited"), new Agent("sidecar", null, null))),
            HEALTHY.service());

    CheckResult r = ExecCheck.agent(stopped);

    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence())
        .isEqualTo("ExecuteCommandAgent STOPPED in app (exited); no agent reported for sidecar");
    assertThat(r.fix())
        .contains("service orders starts a new task")
        .endsWith(
            "aws ecs stop-task --cluster prod --task abc123 --reason 'ecs exec: replace task'");
  }

  @Test
  void aPendingAgentOrNoneAtAllIsUnknown() {
    ExecFacts pending =
        withTask(
            HEALTHY,
            new Task(
                ARN,
                "RUNNING",
                "FARGATE",
                "1.4.0",
                "Linux",
                true,
                null,
                List.of(new Agent("app", "PENDING", null))),
            HEALTHY.service());
    ExecFacts none =
        withTask(
            HEALTHY,
            new Task(
                ARN,
                "RUNNING",
                "FARGATE",
                "1.4.0",
                "Linux",
                true,
                null,
                List.of(new Agent("app", null, null))),
            HEALTHY.service());

    assertThat(ExecCheck.agent(pending).status()).isEqualTo(Status.UNKNOWN);
    assertThat(ExecCheck.agent(pending).evidence()).contains("PENDING in app");
    assertThat(ExecCheck.agent(none).status()).isEqualTo(Status.UNKNOWN);
    assertThat(ExecCheck.agent(none).evidence())
        .isEqualTo("no container reports an ExecuteCommandAgent yet (app)");
  }

  @Test
  void missingEvidenceIsUnknownNeverAFalsePass() {
    assertThat(ExecCheck.run(ExecFacts.unseen("prod", "abc123")))
        .allSatisfy(r -> assertThat(r.status()).as(r.id()).isEqualTo(Status.UNKNOWN));
  }

  @Test
  void aMissingTaskFailsTheFirstStepAndLeavesTheRestUnknown() {
    ExecFacts missing =
        new ExecFacts(
            "prod", "gone", false, null, null, null, null, null, null, null, null, null, null, null,
            null);

    List<CheckResult> results = ExecCheck.run(missing);

    assertThat(results.getFirst().status()).isEqualTo(Status.FAIL);
    assertThat(results.getFirst().evidence()).startsWith("task gone was not found in cluster prod");
    assertThat(results.getFirst().fix())
        .startsWith("aws ecs list-tasks --cluster prod --desired-status RUNNING");
    assertThat(results.subList(1, results.size()))
        .allSatisfy(r -> assertThat(r.status()).as(r.id()).isEqualTo(Status.UNKNOWN));
  }

  @Test
  void aStandaloneTaskWithoutExecIsRunAgainWithTheFlag() {
    ExecFacts standalone =
        withTask(
            HEALTHY,
            new Task(ARN, "RUNNING", "FARGATE", "1.4.0", "Linux", false, null, List.of()),
            Service.STANDALONE);

    CheckResult r = ExecCheck.enabled(standalone);

    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence())
        .startsWith("standalone task abc123 was started without --enable-execute-command");
    assertThat(r.fix())
        .isEqualTo(
            "aws ecs run-task --cluster prod --task-definition orders --enable-execute-command"
                + " --launch-type FARGATE --network-configuration"
                + " 'awsvpcConfiguration={subnets=[subnet-a],securityGroups=[<task sg>]}'");
    assertThat(ExecCheck.agent(standalone).status()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void aServiceWithExecOffFailsWithTheSameFixButSaysSo() {
    ExecFacts off =
        withTask(
            HEALTHY,
            new Task(ARN, "RUNNING", "FARGATE", "1.4.0", "Linux", false, null, List.of()),
            new Service("orders", false));

    CheckResult r = ExecCheck.enabled(off);

    assertThat(r.evidence())
        .isEqualTo("enableExecuteCommand is false on the task and false on service orders");
    assertThat(r.fix())
        .contains("--service orders --enable-execute-command --force-new-deployment");
  }

  @Test
  void onEc2TheAgentVersionDecidesAndAnUnreadableOneIsUnknown() {
    Task ec2 =
        new Task(
            ARN,
            "RUNNING",
            "EC2",
            null,
            null,
            true,
            "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/ci-9",
            List.of());
    ExecFacts old = withAgentVersion(withTask(HEALTHY, ec2, HEALTHY.service()), "1.48.1");
    ExecFacts unread = withAgentVersion(old, null);
    ExecFacts current = withAgentVersion(old, "1.89.3");

    assertThat(ExecCheck.platform(old).status()).isEqualTo(Status.FAIL);
    assertThat(ExecCheck.platform(old).evidence())
        .isEqualTo("ECS agent 1.48.1 is older than 1.50.2, which exec needs");
    assertThat(ExecCheck.platform(old).fix())
        .startsWith("aws ecs update-container-agent --cluster prod --container-instance ci-9");
    assertThat(ExecCheck.platform(unread).status()).isEqualTo(Status.UNKNOWN);
    assertThat(ExecCheck.platform(current).status()).isEqualTo(Status.PASS);
  }

  @Test
  void versionsCompareNumericallyNotAsText() {
    assertThat(ExecCheck.compareVersions("1.10.0", "1.4.0")).isPositive();
    assertThat(ExecCheck.compareVersions("1.4.0", "1.4.0")).isZero();
    assertThat(ExecCheck.compareVersions("1.3.0", "1.4.0")).isNegative();
    assertThat(ExecCheck.compareVersions("v1.50.2", "1.50.10")).isNegative();
  }

  @Test
  void aTaskWithoutTaskRoleFailsOnFargateButIsUnknownOnEc2() {
    ExecFacts noRole = withTaskRole(HEALTHY, new RoleAccess(null, null, null));
    Task ec2 = new Task(ARN, "RUNNING", "EC2", null, null, true, null, List.of());

    CheckResult fargate = ExecCheck.taskRole(noRole);

    assertThat(fargate.status()).isEqualTo(Status.FAIL);
    assertThat(fargate.evidence())
        .isEqualTo(
            "task definition orders:7 has no taskRoleArn: the exec agent has no credentials");
    assertThat(fargate.fix())
        .startsWith("aws iam create-role --role-name orders-task --assume-role-policy-document")
        .contains("aws iam put-role-policy --role-name orders-task --policy-name ecs-exec")
        .contains("\"taskRoleArn\": \"arn:aws:iam::123456789012:role/orders-task\"");
    assertThat(ExecCheck.taskRole(withTask(noRole, ec2, HEALTHY.service())).status())
        .isEqualTo(Status.UNKNOWN);
  }

  @Test
  void aTaskRoleThatDoesNotExistIsCreated() {
    CheckResult r =
        ExecCheck.taskRole(withTaskRole(HEALTHY, new RoleAccess(TASK_ROLE, false, null)));

    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence()).isEqualTo("task role orders-task does not exist");
    assertThat(r.fix()).startsWith("aws iam create-role --role-name orders-task");
  }

  @Test
  void anExplicitDenyIsNamedBecauseAnAllowCannotFixIt() {
    Map<String, String> decisions = all(ExecFacts.SSM_ACTIONS, "allowed");
    decisions.put("ssmmessages:OpenDataChannel", "explicitDeny");

    CheckResult r =
        ExecCheck.taskRole(withTaskRole(HEALTHY, new RoleAccess(TASK_ROLE, true, decisions)));

    assertThat(r.evidence())
        .isEqualTo(
            "task role orders-task does not allow ssmmessages:OpenDataChannel (explicitDeny)");
    assertThat(r.fix()).contains("remove the Deny on ssmmessages");
  }

  @Test
  void theCallerIsUnknownWithoutACloudTrailEventOrWhenConditionsDecide() {
    ExecFacts noCaller = withCaller(HEALTHY, null);
    ExecFacts conditional = withCaller(HEALTHY, CONDITIONS_DECIDE);
    ExecFacts root =
        withCaller(HEALTHY, new Caller("arn:aws:iam::123456789012:root", null, null, null));

    assertThat(ExecCheck.caller(noCaller).status()).isEqualTo(Status.UNKNOWN);
    assertThat(ExecCheck.caller(conditional).status()).isEqualTo(Status.UNKNOWN);
    assertThat(ExecCheck.caller(conditional).evidence()).contains("ecs:container-name");
    assertThat(ExecCheck.caller(root).status()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void aDeniedUserGetsAUserPolicyAndAnIdentityCenterRoleItsPermissionSet() {
    Caller sso =
        new Caller(
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_0123/alice",
            "arn:aws:iam::123456789012:role/AWSReservedSSO_Dev_0123",
            Map.of("ecs:ExecuteCommand", "implicitDeny"),
            List.of());

    assertThat(ExecCheck.caller(withCaller(HEALTHY, DENIED_USER)).fix())
        .startsWith("aws iam put-user-policy --user-name bob --policy-name ecs-exec-caller");
    assertThat(ExecCheck.caller(withCaller(HEALTHY, sso)).fix())
        .startsWith(
            "this is an IAM Identity Center role: add this inline policy to its permission set");
  }

  @Test
  void pidModeTaskWithOneContainerIsHarmless() {
    ExecFacts single =
        new ExecFacts(
            "prod",
            "abc123",
            true,
            HEALTHY.task(),
            HEALTHY.service(),
            "orders:7",
            null,
            HEALTHY.clusterExec(),
            HEALTHY.taskRole(),
            null,
            null,
            "awsvpc",
            NAT,
            "task",
            List.of(new Container("app", false, true, false, List.of())));

    assertThat(ExecCheck.pidMode(single).status()).isEqualTo(Status.PASS);
  }

  @Test
  void aClusterWithoutExecConfigNeedsNothingMore() {
    ExecFacts plain =
        new ExecFacts(
            "prod",
            "abc123",
            true,
            HEALTHY.task(),
            HEALTHY.service(),
            "orders:7",
            null,
            ClusterExec.NONE,
            new RoleAccess(TASK_ROLE, true, all(ExecFacts.SSM_ACTIONS, "allowed")),
            null,
            null,
            "awsvpc",
            NAT,
            "",
            HEALTHY.containers());

    CheckResult r = ExecCheck.clusterConfig(plain);

    assertThat(r.status()).isEqualTo(Status.PASS);
    assertThat(r.evidence())
        .isEqualTo(
            "cluster exec config: no KMS key, logging DEFAULT: the task role needs nothing beyond ssmmessages");
  }

  /** The task (and its service, unless null) replaced; the facts say the task was found. */
  static ExecFacts withTask(ExecFacts f, Task task, Service service) {
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("taskFound", true);
    changes.put("task", task);
    changes.put("service", service != null ? service : f.service());
    return Records.with(f, changes);
  }

  static ExecFacts withAgentVersion(ExecFacts f, String version) {
    return Records.with(f, "agentVersion", version);
  }

  static ExecFacts withTaskRole(ExecFacts f, RoleAccess role) {
    return Records.with(f, "taskRole", role);
  }

  static ExecFacts withCaller(ExecFacts f, Caller caller) {
    return Records.with(f, "caller", caller);
  }

  @Test
  void everyFailCarriesACommandToPaste() {
    StepTable.assertEveryFailHasACommand(ExecCheck.run(BROKEN));
  }
}
