package io.ecsmedic.check;

import io.ecsmedic.check.ExecFacts.Agent;
import io.ecsmedic.check.ExecFacts.Caller;
import io.ecsmedic.check.ExecFacts.ClusterExec;
import io.ecsmedic.check.ExecFacts.Container;
import io.ecsmedic.check.ExecFacts.RoleAccess;
import io.ecsmedic.check.ExecFacts.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The ECS Exec doctor: why {@code aws ecs execute-command} fails on one task, in the order of
 * docs/runbooks/ECS_EXEC.md (the checks of aws-containers/amazon-ecs-exec-checker plus pidMode,
 * restartPolicy and "the task predates the flag"). Pure: it judges {@link ExecFacts}. Each step is
 * PASS, FAIL with a copy-pasteable fix, or UNKNOWN; one step, {@code exec.agent-connection}, is
 * UNKNOWN by design, because no AWS API shows whether the agent is connected to SSM: a report of
 * this checklist is never all green.
 */
public final class ExecCheck {
  /** The first Fargate platform version (Linux) with ECS Exec. */
  static final String MIN_FARGATE = "1.4.0";

  /** The first ECS agent version with ECS Exec (EC2 and external instances). */
  static final String MIN_AGENT = "1.50.2";

  /** What the task role needs for ECS Exec, as the one-line JSON put-role-policy takes. */
  public static final String TASK_ROLE_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
          + ExecFacts.SSM_ACTIONS.stream()
              .map(a -> "\"" + a + "\"")
              .collect(Collectors.joining(","))
          + "],\"Resource\":\"*\"}]}";

  private static final String TRUST_ECS_TASKS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  private ExecCheck() {}

  public static List<CheckResult> run(ExecFacts f) {
    List<CheckResult> out = new ArrayList<>();
    out.add(taskRunning(f));
    out.add(enabled(f));
    out.add(platform(f));
    out.add(agent(f));
    out.add(agentConnection(f));
    out.add(taskRole(f));
    out.add(clusterConfig(f));
    out.add(caller(f));
    out.add(network(f));
    out.add(pidMode(f));
    out.add(restartPolicy(f));
    out.add(readonlyRoot(f));
    out.add(initProcess(f));
    out.add(credentialsInEnvironment(f));
    return out;
  }

  /**
   * The steps a service's configuration decides before any task runs (platform or agent version, a
   * task role at all, pidMode, read-only root filesystems), for the posture scan: the same
   * judgement exec-check gives one task, applied ahead of the first failed session.
   */
  public static List<CheckResult> configuration(ExecFacts f) {
    List<CheckResult> out = new ArrayList<>();
    out.add(platform(f));
    out.add(taskRole(f));
    out.add(pidMode(f));
    out.add(readonlyRoot(f));
    return out;
  }

  static CheckResult taskRunning(ExecFacts f) {
    CheckStep step = new CheckStep("exec.task-running", "the task exists and is RUNNING");
    if (Boolean.FALSE.equals(f.taskFound())) {
      return CheckResult.fail(
          step,
          "task "
              + f.taskId()
              + " was not found in cluster "
              + f.cluster()
              + " (ECS forgets stopped tasks about an hour after they stop)",
          "aws ecs list-tasks --cluster "
              + f.cluster()
              + " --desired-status RUNNING\nthen run exec-check on a task it lists");
    }
    if (f.task() == null || f.task().lastStatus() == null) {
      return CheckResult.unknown(step, "the task could not be read (DescribeTasks)");
    }
    String status = f.task().lastStatus();
    if ("RUNNING".equals(status)) {
      return CheckResult.pass(step, "task " + f.taskId() + " is RUNNING");
    }
    if ("PROVISIONING".equals(status) || "PENDING".equals(status) || "ACTIVATING".equals(status)) {
      return CheckResult.fail(
          step,
          "task " + f.taskId() + " is " + status + ": exec works only once it is RUNNING",
          "aws ecs wait tasks-running --cluster " + f.cluster() + " --tasks " + f.taskId());
    }
    return CheckResult.fail(
        step,
        "task " + f.taskId() + " is " + status + ": a stopping or stopped task takes no sessions",
        "aws ecs list-tasks --cluster "
            + f.cluster()
            + " --desired-status RUNNING\nthen exec into a task it lists");
  }

  static CheckResult enabled(ExecFacts f) {
    CheckStep step =
        new CheckStep("exec.enabled", "enableExecuteCommand was on when the task was started");
    if (f.task() == null || f.task().execEnabled() == null) {
      return CheckResult.unknown(step, "the task's enableExecuteCommand could not be read");
    }
    Service service = f.service();
    if (f.task().execEnabled()) {
      if (service != null && !service.standalone() && Boolean.FALSE.equals(service.execEnabled())) {
        return CheckResult.pass(
            step,
            "enableExecuteCommand is true on the task (service "
                + service.name()
                + " has since turned it off: its next tasks will not have it)");
      }
      return CheckResult.pass(step, "enableExecuteCommand is true on the task");
    }
    if (service == null) {
      return CheckResult.fail(
          step,
          "enableExecuteCommand is false on the task (started by an unknown service or RunTask)",
          "aws ecs update-service --cluster "
              + f.cluster()
              + " --service <service> --enable-execute-command --force-new-deployment\n"
              + "(standalone task: run a new one with --enable-execute-command)");
    }
    if (service.standalone()) {
      return CheckResult.fail(
          step,
          "standalone task "
              + f.taskId()
              + " was started without --enable-execute-command; a running task never gains it",
          runTask(f, family(f)));
    }
    String why =
        Boolean.TRUE.equals(service.execEnabled())
            ? "service "
                + service.name()
                + " has enableExecuteCommand on, but this task was started before it was turned on:"
                + " running tasks never gain exec"
            : "enableExecuteCommand is false on the task and "
                + (service.execEnabled() == null ? "unknown" : "false")
                + " on service "
                + service.name();
    return CheckResult.fail(
        step,
        why,
        "aws ecs update-service --cluster "
            + f.cluster()
            + " --service "
            + service.name()
            + " --enable-execute-command --force-new-deployment");
  }

  static CheckResult platform(ExecFacts f) {
    CheckStep step =
        new CheckStep(
            "exec.platform", "Fargate platform ≥ " + MIN_FARGATE + " / ECS agent ≥ " + MIN_AGENT);
    if (f.task() == null || f.task().launchType() == null) {
      return CheckResult.unknown(step, "the task's launch type could not be read");
    }
    if ("FARGATE".equals(f.task().launchType())) {
      String pv = f.task().platformVersion();
      if (pv == null) {
        return CheckResult.unknown(step, "the task's Fargate platform version could not be read");
      }
      String family = f.task().platformFamily();
      if (family != null && family.toUpperCase(java.util.Locale.ROOT).startsWith("WINDOWS")) {
        return CheckResult.pass(
            step, "Fargate " + family + " platform " + pv + " (every Windows version has exec)");
      }
      if (compareVersions(pv, MIN_FARGATE) >= 0) {
        return CheckResult.pass(step, "Fargate platform " + pv);
      }
      String fix =
          f.service() != null && !f.service().standalone()
              ? "aws ecs update-service --cluster "
                  + f.cluster()
                  + " --service "
                  + f.service().name()
                  + " --platform-version LATEST --force-new-deployment"
              : runTask(f, family(f)) + " --platform-version LATEST";
      return CheckResult.fail(
          step,
          "Fargate platform " + pv + " is older than " + MIN_FARGATE + ", which exec needs",
          fix);
    }
    String agent = f.agentVersion();
    if (agent == null) {
      return CheckResult.unknown(
          step,
          f.task().launchType()
              + " task: the ECS agent version of its container instance could not be read");
    }
    if (compareVersions(agent, MIN_AGENT) >= 0) {
      return CheckResult.pass(step, "ECS agent " + agent + " on the task's container instance");
    }
    String instance = f.task().containerInstanceArn();
    return CheckResult.fail(
        step,
        "ECS agent " + agent + " is older than " + MIN_AGENT + ", which exec needs",
        "aws ecs update-container-agent --cluster "
            + f.cluster()
            + " --container-instance "
            + (instance == null ? "<container instance>" : last(instance))
            + "\n(or replace the instance with a current ECS-optimized AMI)");
  }

  static CheckResult agent(ExecFacts f) {
    CheckStep step =
        new CheckStep("exec.agent", "the ExecuteCommandAgent is RUNNING in the task's containers");
    if (f.task() == null || f.task().agents() == null) {
      return CheckResult.unknown(step, "the task's containers could not be read");
    }
    if (Boolean.FALSE.equals(f.task().execEnabled())) {
      return CheckResult.unknown(
          step, "no agent runs: exec was off when the task started (see exec.enabled)");
    }
    List<String> running = new ArrayList<>();
    List<String> starting = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    List<String> none = new ArrayList<>();
    for (Agent a : f.task().agents()) {
      if (a.status() == null) {
        none.add(a.container());
      } else if ("RUNNING".equals(a.status())) {
        running.add(a.container());
      } else if ("PENDING".equals(a.status())) {
        starting.add(a.container());
      } else {
        broken.add(
            a.status()
                + " in "
                + a.container()
                + (a.reason() == null || a.reason().isBlank() ? "" : " (" + a.reason() + ")"));
      }
    }
    String noAgent = none.isEmpty() ? "" : "; no agent reported for " + String.join(", ", none);
    if (!broken.isEmpty()) {
      return CheckResult.fail(
          step,
          "ExecuteCommandAgent " + String.join("; ", broken) + noAgent,
          "fix the other failing steps first, then replace the task (the agent does not come back"
              + " on its own; "
              + replacement(f)
              + "):\n"
              + replaceTask(f));
    }
    if (!starting.isEmpty()) {
      return CheckResult.unknown(
          step,
          "ExecuteCommandAgent still PENDING in "
              + String.join(", ", starting)
              + ": it starts a few seconds after the container; retry in a minute");
    }
    if (running.isEmpty()) {
      return CheckResult.unknown(
          step,
          "no container reports an ExecuteCommandAgent yet (" + String.join(", ", none) + ")");
    }
    return CheckResult.pass(
        step, "ExecuteCommandAgent RUNNING in " + String.join(", ", running) + noAgent);
  }

  /** Always UNKNOWN: what on-call needs to know when everything else is green. */
  static CheckResult agentConnection(ExecFacts f) {
    CheckStep step =
        new CheckStep("exec.agent-connection", "the agent is connected to Systems Manager (SSM)");
    return CheckResult.unknown(
        step,
        "no AWS API shows whether the agent in the container is connected to SSM."
            + " TargetNotConnectedException with every other step passing is this case:"
            + " wait a minute after the task starts, then replace the task and retry on the new one"
            + " ("
            + replacement(f)
            + "): "
            + replaceTask(f));
  }

  static CheckResult taskRole(ExecFacts f) {
    CheckStep step =
        new CheckStep(
            "exec.task-role",
            "the task role (not the execution role) allows the ssmmessages actions");
    RoleAccess role = f.taskRole();
    if (role == null) {
      return CheckResult.unknown(step, "the task's role could not be read (task definition)");
    }
    boolean ec2 = f.task() != null && !"FARGATE".equals(f.task().launchType());
    if (role.arn() == null) {
      if (ec2) {
        return CheckResult.unknown(
            step,
            "the task has no task role: on EC2 the agent falls back to the instance profile's role,"
                + " which this check does not read");
      }
      String name = (family(f) == null ? "app" : family(f)) + "-task";
      return CheckResult.fail(
          step,
          "task definition "
              + f.taskDefinition()
              + " has no taskRoleArn: the exec agent has no credentials",
          "aws iam create-role --role-name "
              + name
              + " --assume-role-policy-document '"
              + TRUST_ECS_TASKS
              + "'\n"
              + putRolePolicy(name, "ecs-exec", TASK_ROLE_POLICY)
              + "\nthen register a revision of "
              + family(f)
              + " with \"taskRoleArn\": \"arn:aws:iam::"
              + account(f)
              + ":role/"
              + name
              + "\" and deploy it");
    }
    if (Boolean.FALSE.equals(role.exists())) {
      return CheckResult.fail(
          step,
          "task role " + role.name() + " does not exist",
          "aws iam create-role --role-name "
              + role.name()
              + " --assume-role-policy-document '"
              + TRUST_ECS_TASKS
              + "'\n"
              + putRolePolicy(role.name(), "ecs-exec", TASK_ROLE_POLICY)
              + "\nthen replace the task: "
              + replaceTask(f));
    }
    List<String> denied = role.denied(ExecFacts.SSM_ACTIONS);
    if (denied == null) {
      return CheckResult.unknown(
          step, "task role " + role.name() + ": its permissions could not be simulated");
    }
    if (denied.isEmpty()) {
      return CheckResult.pass(
          step, "task role " + role.name() + " allows the four ssmmessages actions");
    }
    StringBuilder evidence =
        new StringBuilder("task role ")
            .append(role.name())
            .append(" does not allow ")
            .append(decisionList(role, denied));
    RoleAccess exec = f.executionRole();
    if (exec != null
        && exec.arn() != null
        && exec.denied(ExecFacts.SSM_ACTIONS) != null
        && exec.denied(ExecFacts.SSM_ACTIONS).isEmpty()) {
      evidence
          .append("; the execution role ")
          .append(exec.name())
          .append(" has them, but the exec agent uses the task role");
    }
    boolean explicit =
        denied.stream().anyMatch(a -> "explicitDeny".equals(role.decisions().get(a)));
    String fix =
        putRolePolicy(role.name(), "ecs-exec", TASK_ROLE_POLICY)
            + (explicit
                ? "\nand remove the Deny on ssmmessages (a role policy, permissions boundary or SCP): an allow never overrides it"
                : "")
            + "\nthen retry; if the session still fails, replace the task: "
            + replaceTask(f);
    return CheckResult.fail(step, evidence.toString(), fix);
  }

  static CheckResult clusterConfig(ExecFacts f) {
    CheckStep step =
        new CheckStep(
            "exec.cluster-config",
            "the task role allows the cluster's exec KMS key and session logging");
    ClusterExec config = f.clusterExec();
    if (config == null) {
      return CheckResult.unknown(
          step, "the cluster's executeCommandConfiguration could not be read");
    }
    Map<String, String> needed = clusterConfigActions(config, region(f), account(f));
    String setting =
        "cluster exec config: "
            + (config.kmsKeyId() == null ? "no KMS key" : "KMS key " + config.kmsKeyId())
            + ", logging "
            + (config.logging() == null ? "DEFAULT" : config.logging());
    if (needed.isEmpty()) {
      return CheckResult.pass(step, setting + ": the task role needs nothing beyond ssmmessages");
    }
    RoleAccess role = f.taskRole();
    if (role == null || role.arn() == null || Boolean.FALSE.equals(role.exists())) {
      return CheckResult.unknown(step, setting + "; the task role is missing (see exec.task-role)");
    }
    List<String> denied = role.denied(List.copyOf(needed.keySet()));
    if (denied == null) {
      return CheckResult.unknown(
          step, setting + "; task role " + role.name() + " could not be simulated");
    }
    if (denied.isEmpty()) {
      return CheckResult.pass(
          step,
          setting + "; task role " + role.name() + " allows " + String.join(", ", needed.keySet()));
    }
    Map<String, List<String>> missing = new LinkedHashMap<>();
    denied.forEach(a -> missing.put(a, List.of(needed.get(a))));
    return CheckResult.fail(
        step,
        setting + "; task role " + role.name() + " does not allow " + decisionList(role, denied),
        putRolePolicy(role.name(), "ecs-exec-logging", policy(missing)));
  }

  /**
   * What the task role needs beyond ssmmessages for a cluster's exec configuration, action → the
   * resource it needs it on. Shared with the collector, which simulates exactly these.
   */
  public static Map<String, String> clusterConfigActions(
      ClusterExec config, String region, String account) {
    Map<String, String> needed = new LinkedHashMap<>();
    if (config.kmsKeyId() != null) {
      needed.put("kms:Decrypt", kmsKeyArn(config.kmsKeyId(), region, account));
    }
    if (config.overridesLogging() && config.logGroup() != null) {
      String group = "arn:aws:logs:" + region + ":" + account + ":log-group:" + config.logGroup();
      needed.put("logs:CreateLogStream", group + ":*");
      needed.put("logs:DescribeLogStreams", group + ":*");
      needed.put("logs:PutLogEvents", group + ":*");
      needed.put("logs:DescribeLogGroups", "*");
    }
    if (config.overridesLogging() && config.s3Bucket() != null) {
      String prefix = config.s3Prefix() == null ? "" : config.s3Prefix();
      needed.put("s3:PutObject", "arn:aws:s3:::" + config.s3Bucket() + "/" + prefix + "*");
      needed.put("s3:GetEncryptionConfiguration", "arn:aws:s3:::" + config.s3Bucket());
    }
    return needed;
  }

  static CheckResult caller(ExecFacts f) {
    CheckStep step =
        new CheckStep("exec.caller", "the caller may call ecs:ExecuteCommand on the task");
    Caller c = f.caller();
    if (c == null) {
      return CheckResult.unknown(
          step,
          "the caller is not known (no ExecuteCommand event): an AccessDeniedException on"
              + " ExecuteCommand is the caller's own IAM, see the runbook's CALLER_PERMISSIONS");
    }
    if (c.simulatedArn() == null) {
      return CheckResult.unknown(
          step, c.arn() + " is not an IAM user or role, so its permissions cannot be simulated");
    }
    if (c.decisions() == null) {
      return CheckResult.unknown(step, c.arn() + ": its permissions could not be simulated");
    }
    List<String> denied =
        c.decisions().entrySet().stream()
            .filter(e -> !"allowed".equals(e.getValue()))
            .map(Map.Entry::getKey)
            .toList();
    if (denied.isEmpty()) {
      return CheckResult.pass(
          step, c.arn() + " may " + String.join(", ", c.decisions().keySet()) + " on the task");
    }
    boolean explicit = denied.stream().anyMatch(a -> "explicitDeny".equals(c.decisions().get(a)));
    if (!explicit && c.missingContext() != null && !c.missingContext().isEmpty()) {
      return CheckResult.unknown(
          step,
          c.arn()
              + ": the decision depends on condition keys the simulation cannot fill ("
              + String.join(", ", c.missingContext())
              + ")");
    }
    String evidence =
        c.arn()
            + " may not "
            + denied.stream()
                .map(a -> a + " (" + c.decisions().get(a) + ")")
                .collect(Collectors.joining(", "))
            + " on task "
            + f.taskId();
    if (explicit) {
      return CheckResult.fail(
          step,
          evidence,
          "remove the Deny on "
              + String.join(", ", denied)
              + " for "
              + c.simulatedArn()
              + " (a policy, its permissions boundary or an SCP): an allow never overrides it");
    }
    Map<String, List<String>> grant = new LinkedHashMap<>();
    String ecs = "arn:aws:ecs:" + region(f) + ":" + account(f) + ":";
    grant.put(
        "ecs:ExecuteCommand",
        List.of(ecs + "cluster/" + f.cluster(), ecs + "task/" + f.cluster() + "/*"));
    if (denied.contains("kms:GenerateDataKey")
        && f.clusterExec() != null
        && f.clusterExec().kmsKeyId() != null) {
      grant.put(
          "kms:GenerateDataKey",
          List.of(kmsKeyArn(f.clusterExec().kmsKeyId(), region(f), account(f))));
    }
    String name = last(c.simulatedArn());
    String fix =
        c.simulatedArn().contains(":user/")
            ? "aws iam put-user-policy --user-name "
                + name
                + " --policy-name ecs-exec-caller --policy-document '"
                + policy(grant)
                + "'"
            : putRolePolicy(name, "ecs-exec-caller", policy(grant));
    if (c.simulatedArn().contains("/aws-reserved/sso.amazonaws.com/")
        || name.startsWith("AWSReservedSSO_")) {
      fix =
          "this is an IAM Identity Center role: add this inline policy to its permission set"
              + " instead of the role:\n"
              + policy(grant);
    }
    return CheckResult.fail(step, evidence, fix);
  }

  static CheckResult network(ExecFacts f) {
    CheckStep step =
        new CheckStep(
            "exec.network", "the task's subnets reach ssmmessages (NAT, public IP or endpoint)");
    if (f.networkMode() == null) {
      return CheckResult.unknown(step, "the task's network mode could not be read");
    }
    if (!"awsvpc".equals(f.networkMode())) {
      return CheckResult.unknown(
          step,
          "network mode "
              + f.networkMode()
              + ": the task uses its instance's network, which this check does not read");
    }
    return NetworkCheck.reach(step, f.network(), List.of("ssmmessages"), false);
  }

  static CheckResult pidMode(ExecFacts f) {
    CheckStep step = new CheckStep("exec.pid-mode", "pidMode does not limit exec to one container");
    if (f.pidMode() == null || f.containers() == null) {
      return CheckResult.unknown(step, "the task definition could not be read");
    }
    if ("host".equals(f.pidMode())) {
      return CheckResult.unknown(
          step,
          "pidMode host: the containers share the instance's PID namespace, and ECS allows one"
              + " exec session per PID namespace; whether another task holds it is not visible");
    }
    if (!"task".equals(f.pidMode())) {
      return CheckResult.pass(step, "pidMode not set: each container has its own PID namespace");
    }
    List<String> names = f.containers().stream().map(Container::name).toList();
    if (names.size() <= 1) {
      return CheckResult.pass(step, "pidMode task with a single container: no effect on exec");
    }
    String withAgent =
        f.task() == null || f.task().agents() == null
            ? null
            : f.task().agents().stream()
                .filter(a -> "RUNNING".equals(a.status()))
                .map(Agent::container)
                .findFirst()
                .orElse(null);
    return CheckResult.fail(
        step,
        "pidMode task: "
            + String.join(", ", names)
            + " share one PID namespace, and ECS Exec works in only one of them (ECS picks which)"
            + (withAgent == null ? "" : "; the agent runs in " + withAgent),
        (withAgent == null
                ? ""
                : "aws ecs execute-command --cluster "
                    + f.cluster()
                    + " --task "
                    + f.taskId()
                    + " --container "
                    + withAgent
                    + " --interactive --command /bin/sh\nor, to exec into any container, ")
            + "drop pidMode:\n"
            + newRevision(f, "del(.pidMode)"));
  }

  static CheckResult restartPolicy(ExecFacts f) {
    CheckStep step =
        new CheckStep("exec.restart-policy", "no container restarts in place (restartPolicy)");
    if (f.containers() == null) {
      return CheckResult.unknown(step, "the task definition could not be read");
    }
    List<String> restarting =
        f.containers().stream()
            .filter(c -> Boolean.TRUE.equals(c.restartPolicyEnabled()))
            .map(Container::name)
            .toList();
    if (restarting.isEmpty()) {
      return CheckResult.pass(step, "no container has restartPolicy enabled");
    }
    return CheckResult.unknown(
        step,
        "restartPolicy is on for "
            + String.join(", ", restarting)
            + ": once such a container restarts in place, exec into it fails until the task is"
            + " replaced; DescribeTasks does not show restarts. If only that container fails,"
            + " replace the task ("
            + replacement(f)
            + "): "
            + replaceTask(f));
  }

  static CheckResult readonlyRoot(ExecFacts f) {
    CheckStep step =
        new CheckStep("exec.readonly-root", "no container has a read-only root filesystem");
    if (f.containers() == null) {
      return CheckResult.unknown(step, "the task definition could not be read");
    }
    List<String> readonly =
        f.containers().stream()
            .filter(c -> Boolean.TRUE.equals(c.readonlyRootFilesystem()))
            .map(Container::name)
            .toList();
    if (readonly.isEmpty()) {
      return CheckResult.pass(step, "no container sets readonlyRootFilesystem");
    }
    String names = readonly.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","));
    return CheckResult.fail(
        step,
        "readonlyRootFilesystem is true in "
            + String.join(", ", readonly)
            + ": the exec agent cannot create its files there",
        newRevision(
            f,
            ".containerDefinitions |= map(if .name | IN("
                + names
                + ") then .readonlyRootFilesystem = false else . end)"));
  }

  static CheckResult initProcess(ExecFacts f) {
    CheckStep step =
        new CheckStep("exec.init-process", "initProcessEnabled reaps exec's processes");
    if (f.containers() == null) {
      return CheckResult.unknown(step, "the task definition could not be read");
    }
    List<String> without =
        f.containers().stream()
            .filter(c -> !Boolean.TRUE.equals(c.initProcessEnabled()))
            .map(Container::name)
            .toList();
    if (without.isEmpty()) {
      return CheckResult.pass(step, "initProcessEnabled is true in every container");
    }
    // Recommended by AWS, not required: exec works without it, so this is no failure.
    return CheckResult.pass(
        step,
        "initProcessEnabled is off in "
            + String.join(", ", without)
            + ": exec works, but orphaned session processes are not reaped"
            + " (AWS recommends linuxParameters.initProcessEnabled=true)");
  }

  static CheckResult credentialsInEnvironment(ExecFacts f) {
    CheckStep step =
        new CheckStep(
            "exec.credentials-env", "no AWS access keys in the environment override the task role");
    if (f.containers() == null) {
      return CheckResult.unknown(step, "the task definition could not be read");
    }
    List<Container> overriding =
        f.containers().stream()
            .filter(c -> c.credentialVariables() != null && !c.credentialVariables().isEmpty())
            .toList();
    if (overriding.isEmpty()) {
      return CheckResult.pass(
          step,
          "no AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the containers' environment or secrets"
              + " (environment files in S3 are not read)");
    }
    String evidence =
        overriding.stream()
                .map(c -> c.name() + " sets " + String.join(", ", c.credentialVariables()))
                .collect(Collectors.joining("; "))
            + ": the exec agent signs with these keys instead of the task role";
    String vars =
        overriding.stream()
            .flatMap(c -> c.credentialVariables().stream())
            .distinct()
            .map(v -> "\"" + v + "\"")
            .collect(Collectors.joining(","));
    return CheckResult.fail(
        step,
        evidence,
        newRevision(
                f,
                ".containerDefinitions |= map(.environment |= (if . == null then . else"
                    + " map(select(.name | IN("
                    + vars
                    + ") | not)) end) | .secrets |= (if . == null then . else map(select(.name | IN("
                    + vars
                    + ") | not)) end))")
            + "\n(and drop them from any --overrides the task is started with; give the app"
            + " its permissions through the task role)");
  }

  // ---- helpers for the fixes ----

  /** Commands that register a new revision edited by {@code jq} and roll it out. */
  static String newRevision(ExecFacts f, String jqEdit) {
    String td = f.taskDefinition() == null ? "<family:revision>" : f.taskDefinition();
    return "aws ecs describe-task-definition --task-definition "
        + td
        + " --query taskDefinition | jq '"
        + jqEdit
        + " | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,"
        + " .registeredAt, .registeredBy, .deregisteredAt)' > td.json\n"
        + "aws ecs register-task-definition --cli-input-json file://td.json\n"
        + deploy(f);
  }

  /** Starts tasks from the newest revision: the service's deployment, or a new standalone task. */
  private static String deploy(ExecFacts f) {
    if (f.service() != null && !f.service().standalone()) {
      return "aws ecs update-service --cluster "
          + f.cluster()
          + " --service "
          + f.service().name()
          + " --task-definition "
          + family(f)
          + " --force-new-deployment";
    }
    return runTask(f, family(f));
  }

  private static String runTask(ExecFacts f, String family) {
    StringBuilder cmd =
        new StringBuilder("aws ecs run-task --cluster ")
            .append(f.cluster())
            .append(" --task-definition ")
            .append(family == null ? "<family>" : family)
            .append(" --enable-execute-command");
    if (f.task() != null && "FARGATE".equals(f.task().launchType())) {
      cmd.append(" --launch-type FARGATE");
    }
    if ("awsvpc".equals(f.networkMode())) {
      String subnets =
          f.network() == null || f.network().subnets() == null
              ? "<subnet-id>"
              : f.network().subnets().stream()
                  .map(NetworkFacts.Subnet::subnetId)
                  .collect(Collectors.joining(","));
      cmd.append(" --network-configuration 'awsvpcConfiguration={subnets=[")
          .append(subnets)
          .append("],securityGroups=[<task sg>]}'");
    }
    return cmd.toString();
  }

  private static String replaceTask(ExecFacts f) {
    return "aws ecs stop-task --cluster "
        + f.cluster()
        + " --task "
        + f.taskId()
        + " --reason 'ecs exec: replace task'";
  }

  /** Where the replacement comes from after {@link #replaceTask}. */
  private static String replacement(ExecFacts f) {
    return f.service() != null && !f.service().standalone()
        ? "service " + f.service().name() + " starts a new task"
        : "then start a new one: " + runTask(f, family(f));
  }

  private static String putRolePolicy(String role, String policyName, String policy) {
    return "aws iam put-role-policy --role-name "
        + role
        + " --policy-name "
        + policyName
        + " --policy-document '"
        + policy
        + "'";
  }

  /** A one-line policy: one statement per set of resources, allowing its actions there. */
  static String policy(Map<String, List<String>> actionToResources) {
    Map<List<String>, List<String>> actionsByResources = new LinkedHashMap<>();
    actionToResources.forEach(
        (action, resources) ->
            actionsByResources.computeIfAbsent(resources, k -> new ArrayList<>()).add(action));
    return "{\"Version\":\"2012-10-17\",\"Statement\":["
        + actionsByResources.entrySet().stream()
            .map(
                e ->
                    "{\"Effect\":\"Allow\",\"Action\":"
                        + jsonStrings(e.getValue())
                        + ",\"Resource\":"
                        + jsonStrings(e.getKey())
                        + "}")
            .collect(Collectors.joining(","))
        + "]}";
  }

  private static String jsonStrings(List<String> values) {
    return values.size() == 1
        ? "\"" + values.getFirst() + "\""
        : values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
  }

  private static String decisionList(RoleAccess role, List<String> actions) {
    List<String> decisions =
        actions.stream()
            .map(a -> role.decisions().getOrDefault(a, "not evaluated"))
            .distinct()
            .toList();
    if (actions.equals(ExecFacts.SSM_ACTIONS) && decisions.size() == 1) {
      return "any of the four ssmmessages actions (" + decisions.getFirst() + ")";
    }
    return actions.stream()
        .map(a -> a + " (" + role.decisions().getOrDefault(a, "not evaluated") + ")")
        .collect(Collectors.joining(", "));
  }

  /** The cluster's exec key as an ARN (the configuration may name a bare key id). */
  public static String kmsKeyArn(String keyId, String region, String account) {
    return keyId.startsWith("arn:")
        ? keyId
        : "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
  }

  private static String family(ExecFacts f) {
    if (f.taskDefinition() == null) {
      return null;
    }
    int colon = f.taskDefinition().lastIndexOf(':');
    return colon < 0 ? f.taskDefinition() : f.taskDefinition().substring(0, colon);
  }

  /** The task ARN's region ({@code arn:aws:ecs:REGION:ACCOUNT:task/...}), else the network's. */
  private static String region(ExecFacts f) {
    String fromArn = arnPart(f, 3);
    if (fromArn != null) {
      return fromArn;
    }
    return f.network() != null && f.network().region() != null ? f.network().region() : "<region>";
  }

  private static String account(ExecFacts f) {
    String fromArn = arnPart(f, 4);
    return fromArn == null ? "<account>" : fromArn;
  }

  private static String arnPart(ExecFacts f, int index) {
    if (f.task() == null || f.task().arn() == null) {
      return null;
    }
    String[] parts = f.task().arn().split(":");
    return parts.length > index && !parts[index].isEmpty() ? parts[index] : null;
  }

  private static String last(String arnOrPath) {
    return arnOrPath.substring(arnOrPath.lastIndexOf('/') + 1);
  }

  /** Compares dotted versions numerically ({@code 1.10.0 > 1.4.0}); a leading v is ignored. */
  static int compareVersions(String a, String b) {
    String[] x = a.replaceFirst("^[vV]", "").split("[.-]");
    String[] y = b.replaceFirst("^[vV]", "").split("[.-]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int xi = i < x.length ? leadingInt(x[i]) : 0;
      int yi = i < y.length ? leadingInt(y[i]) : 0;
      if (xi != yi) {
        return Integer.compare(xi, yi);
      }
    }
    return 0;
  }

  private static int leadingInt(String s) {
    int n = 0;
    for (char ch : s.toCharArray()) {
      if (!Character.isDigit(ch)) {
        break;
      }
      n = n * 10 + (ch - '0');
    }
    return n;
  }
}
