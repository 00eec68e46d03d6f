package io.ecsmedic.posture;

import static io.ecsmedic.posture.PostureRules.CONTAINER_HEALTH_CHECK;
import static io.ecsmedic.posture.PostureRules.DEPENDS_ON_HEALTHY;
import static io.ecsmedic.posture.PostureRules.FARGATE_SIZE;
import static io.ecsmedic.posture.PostureRules.IMAGE_DIGEST;
import static io.ecsmedic.posture.PostureRules.LOG_MODE;
import static io.ecsmedic.posture.PostureRules.ROLE_SEPARATION;
import static io.ecsmedic.posture.PostureRules.ROLE_WILDCARDS;
import static io.ecsmedic.posture.PostureRules.SECRETS_IN_ENVIRONMENT;
import static io.ecsmedic.posture.PostureRules.START_TIMEOUT;
import static io.ecsmedic.posture.PostureRules.STOP_TIMEOUT;

import io.ecsmedic.plan.FargateSizes;
import io.ecsmedic.posture.PostureFacts.Container;
import io.ecsmedic.posture.PostureFacts.Role;
import io.ecsmedic.posture.PostureFacts.TaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules over a service's task definition and its two roles. Pure, like {@link ServiceRules}; a
 * task definition that could not be read makes each of them UNKNOWN. Task definition fixes are one
 * command chain: edit the current revision with jq, register it, deploy it.
 */
final class TaskDefinitionRules {
  /** Fargate's largest startTimeout. */
  static final int MAX_START_TIMEOUT = 120;

  /** Environment variable names that hold a secret rather than a setting. */
  static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(secret|password|passwd|token|api_?key|private_?key|access_?key|credential).*");

  /** …and names that only point at one (an ARN, a name, a path). */
  static final Pattern SECRET_POINTER = Pattern.compile("(?i).*_(arn|name|path|file|id)$");

  /** Attached managed policies too broad for a task's roles. */
  static final Pattern BROAD_POLICY =
      Pattern.compile("(.*FullAccess|AdministratorAccess|PowerUserAccess)");

  private TaskDefinitionRules() {}

  static RuleResult logMode(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    if (td == null) {
      return unread(LOG_MODE);
    }
    List<String> blocking = new ArrayList<>();
    List<String> byDefault = new ArrayList<>();
    for (Container c : td.containers()) {
      if (!"awslogs".equals(c.logDriver())) {
        continue;
      }
      if (c.logMode() == null) {
        byDefault.add(c.name());
      } else if (!"non-blocking".equals(c.logMode())) {
        blocking.add(c.name());
      }
    }
    if (!byDefault.isEmpty()) {
      if (f.accountLogDriverMode() == null) {
        if (blocking.isEmpty()) {
          return RuleResult.unknown(
              LOG_MODE,
              String.join(", ", byDefault)
                  + " set no mode and the account's defaultLogDriverMode could not be read");
        }
      } else if (!"non-blocking".equals(f.accountLogDriverMode())) {
        blocking.addAll(byDefault);
      }
    }
    if (blocking.isEmpty()) {
      return RuleResult.pass(
          LOG_MODE,
          byDefault.isEmpty()
              ? "every awslogs container sets mode non-blocking (or none uses awslogs)"
              : "the account's defaultLogDriverMode is non-blocking");
    }
    return RuleResult.fail(
        LOG_MODE,
        "awslogs in blocking mode in "
            + String.join(", ", blocking)
            + (byDefault.isEmpty()
                ? ""
                : " (account defaultLogDriverMode " + f.accountLogDriverMode() + ")"),
        newRevision(
                f,
                ".containerDefinitions |= map(if .logConfiguration.logDriver == \"awslogs\" then"
                    + " .logConfiguration.options.mode = \"non-blocking\" else . end)")
            + "\n# or for every new task definition in the account:\n"
            + "aws ecs put-account-setting-default --name defaultLogDriverMode"
            + " --value non-blocking");
  }

  static RuleResult dependsOnHealthy(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    if (td == null) {
      return unread(DEPENDS_ON_HEALTHY);
    }
    Set<String> withHealthCheck =
        td.containers().stream()
            .filter(Container::healthCheck)
            .map(Container::name)
            .collect(Collectors.toSet());
    Set<String> missing = new LinkedHashSet<>();
    List<String> evidence = new ArrayList<>();
    for (Container c : td.containers()) {
      for (Map.Entry<String, String> dep : c.dependsOn().entrySet()) {
        if ("HEALTHY".equals(dep.getValue()) && !withHealthCheck.contains(dep.getKey())) {
          missing.add(dep.getKey());
          evidence.add(c.name() + " waits for " + dep.getKey() + " HEALTHY");
        }
      }
    }
    if (missing.isEmpty()) {
      return RuleResult.pass(DEPENDS_ON_HEALTHY, "every HEALTHY dependency has a health check");
    }
    return RuleResult.fail(
        DEPENDS_ON_HEALTHY,
        String.join("; ", evidence) + ", which has no health check: the task never starts",
        newRevision(
                f,
                ".containerDefinitions |= map(if .name | IN("
                    + quoted(missing)
                    + ") then .healthCheck = {\"command\": [\"CMD-SHELL\", \"<your check> || exit"
                    + " 1\"], \"interval\": 30, \"timeout\": 5, \"retries\": 3, \"startPeriod\": 60}"
                    + " else . end)")
            + "\n# or make the dependency START instead of HEALTHY");
  }

  static RuleResult startTimeout(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    if (td == null) {
      return unread(START_TIMEOUT);
    }
    List<String> over =
        td.containers().stream()
            .filter(c -> c.startTimeout() != null && c.startTimeout() > MAX_START_TIMEOUT)
            .map(c -> c.name() + " " + c.startTimeout() + " s")
            .toList();
    if (over.isEmpty()) {
      return RuleResult.pass(START_TIMEOUT, "no startTimeout over " + MAX_START_TIMEOUT + " s");
    }
    return RuleResult.fail(
        START_TIMEOUT,
        "startTimeout over " + MAX_START_TIMEOUT + " s: " + String.join(", ", over),
        newRevision(
            f,
            ".containerDefinitions |= map(if (.startTimeout // 0) > "
                + MAX_START_TIMEOUT
                + " then .startTimeout = "
                + MAX_START_TIMEOUT
                + " else . end)"));
  }

  static RuleResult secretsInEnvironment(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    if (td == null) {
      return unread(SECRETS_IN_ENVIRONMENT);
    }
    List<String> found = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Container c : td.containers()) {
      for (String name : c.environment()) {
        if (SECRET_NAME.matcher(name).matches() && !SECRET_POINTER.matcher(name).matches()
            || "AWS_ACCESS_KEY_ID".equals(name)) {
          found.add(c.name() + ": " + name);
          names.add(name);
        }
      }
    }
    if (found.isEmpty()) {
      return RuleResult.pass(SECRETS_IN_ENVIRONMENT, "no secret-looking environment variable");
    }
    String first = names.iterator().next();
    return RuleResult.fail(
        SECRETS_IN_ENVIRONMENT,
        "plain environment variables that look like secrets: " + String.join(", ", found),
        "aws secretsmanager create-secret --name "
            + td.family()
            + "/"
            + first
            + " --secret-string \"$"
            + first
            + "\"   # one per variable\n"
            + newRevision(
                f,
                ".containerDefinitions |= map(.environment |= map(select(.name | IN("
                    + quoted(names)
                    + ") | not)) | .secrets += [{\"name\": \""
                    + first
                    + "\", \"valueFrom\": \"<secret ARN>\"}])")
            + "\n# the execution role needs secretsmanager:GetSecretValue on the secret");
  }

  static RuleResult roleSeparation(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    if (td == null) {
      return unread(ROLE_SEPARATION);
    }
    if (td.taskRoleArn() == null || td.executionRoleArn() == null) {
      return RuleResult.pass(ROLE_SEPARATION, "the task definition does not name both roles");
    }
    if (!td.taskRoleArn().equals(td.executionRoleArn())) {
      return RuleResult.pass(ROLE_SEPARATION, "task role and execution role differ");
    }
    String shared = td.taskRoleArn().substring(td.taskRoleArn().lastIndexOf('/') + 1);
    String name =
        shared.equals(td.family() + "-task") ? td.family() + "-app" : td.family() + "-task";
    return RuleResult.fail(
        ROLE_SEPARATION,
        "taskRoleArn and executionRoleArn are both " + td.taskRoleArn(),
        "aws iam create-role --role-name "
            + name
            + " --assume-role-policy-document"
            + " '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}'\n"
            + "# attach only what the application calls, then:\n"
            + newRevision(
                f,
                ".taskRoleArn = \"" + td.taskRoleArn().replaceAll("/[^/]+$", "/" + name) + "\""));
  }

  static RuleResult roleWildcards(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    if (td == null || f.roles() == null) {
      return unread(ROLE_WILDCARDS);
    }
    Set<String> arns = new LinkedHashSet<>();
    if (td.taskRoleArn() != null) {
      arns.add(td.taskRoleArn());
    }
    if (td.executionRoleArn() != null) {
      arns.add(td.executionRoleArn());
    }
    List<String> evidence = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    for (String arn : arns) {
      Role role = f.roles().get(arn);
      if (role == null || role.attachedPolicies() == null || role.wildcardActions() == null) {
        unread.add(arn.substring(arn.lastIndexOf('/') + 1));
        continue;
      }
      for (String policy : role.attachedPolicies()) {
        String policyName = policy.substring(policy.lastIndexOf('/') + 1);
        if (BROAD_POLICY.matcher(policyName).matches()) {
          evidence.add(role.name() + " has " + policyName);
          fixes.add(
              "aws iam detach-role-policy --role-name "
                  + role.name()
                  + " --policy-arn "
                  + policy
                  + "   # attach a policy with only the actions the task calls first");
        }
      }
      for (String statement : role.wildcardActions()) {
        evidence.add(role.name() + " allows " + statement);
        fixes.add(
            "aws iam get-role-policy --role-name "
                + role.name()
                + " --policy-name "
                + statement.replaceAll(":.*", "")
                + "   # then put-role-policy with the actions named, not *");
      }
    }
    if (!fixes.isEmpty()) {
      return RuleResult.fail(ROLE_WILDCARDS, String.join("; ", evidence), String.join("\n", fixes));
    }
    if (!unread.isEmpty()) {
      return RuleResult.unknown(
          ROLE_WILDCARDS, "the policies of " + String.join(", ", unread) + " could not be read");
    }
    return RuleResult.pass(
        ROLE_WILDCARDS,
        arns.isEmpty() ? "no roles" : "no broad policy on " + arns.size() + " role(s)");
  }

  /** Advice: a service behind no load balancer is taken for a queue worker. */
  static RuleResult stopTimeout(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    if (td == null || f.targetGroups() == null) {
      return unread(STOP_TIMEOUT);
    }
    if (!f.targetGroups().isEmpty()) {
      return RuleResult.pass(STOP_TIMEOUT, "behind a load balancer: not a queue worker");
    }
    List<String> unset =
        td.containers().stream()
            .filter(Container::essential)
            .filter(c -> c.stopTimeout() == null)
            .map(Container::name)
            .toList();
    if (unset.isEmpty()) {
      return RuleResult.pass(STOP_TIMEOUT, "every essential container sets stopTimeout");
    }
    return RuleResult.fail(
        STOP_TIMEOUT,
        "no load balancer (a worker?) and no stopTimeout in "
            + String.join(", ", unset)
            + ": jobs get 30 s after SIGTERM",
        "# handle SIGTERM: stop taking work, finish or hand back the current job, then exit\n"
            + newRevision(
                f,
                ".containerDefinitions |= map(if .essential != false then .stopTimeout = 120"
                    + " else . end)"));
  }

  static RuleResult fargateSize(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    Boolean fargate = f.fargate();
    if (td == null || fargate == null) {
      return unread(FARGATE_SIZE);
    }
    if (!fargate) {
      return RuleResult.pass(FARGATE_SIZE, "not on Fargate");
    }
    if (td.cpu() == null || td.memory() == null) {
      return RuleResult.unknown(FARGATE_SIZE, "the task definition sets no task-level cpu/memory");
    }
    if (FargateSizes.isValid(td.cpu(), td.memory())) {
      return RuleResult.pass(FARGATE_SIZE, "cpu " + td.cpu() + " / memory " + td.memory());
    }
    FargateSizes.Size near = FargateSizes.nearest(td.cpu(), td.memory());
    return RuleResult.fail(
        FARGATE_SIZE,
        "cpu " + td.cpu() + " / memory " + td.memory() + " is not a Fargate size",
        newRevision(f, ".cpu = \"" + near.cpu() + "\" | .memory = \"" + near.memoryMiB() + "\""));
  }

  static RuleResult imageDigest(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    if (td == null) {
      return unread(IMAGE_DIGEST);
    }
    List<String> byTag =
        td.containers().stream()
            .filter(c -> c.image() != null && !c.image().contains("@sha256:"))
            .map(c -> c.name() + " (" + c.image() + ")")
            .toList();
    if (byTag.isEmpty()) {
      return RuleResult.pass(IMAGE_DIGEST, "every image is pinned by digest");
    }
    return RuleResult.fail(
        IMAGE_DIGEST,
        "images by tag: " + String.join(", ", byTag),
        "aws ecr describe-images --repository-name <repository> --image-ids imageTag=<tag>"
            + " --query 'imageDetails[0].imageDigest'\n"
            + newRevision(
                f, ".containerDefinitions |= map(.image |= sub(\":[^:/@]+$\"; \"@<digest>\"))"));
  }

  static RuleResult containerHealthCheck(PostureFacts f) {
    TaskDefinition td = f.taskDefinition();
    if (td == null || f.targetGroups() == null) {
      return unread(CONTAINER_HEALTH_CHECK);
    }
    if (!f.targetGroups().isEmpty()) {
      return RuleResult.pass(CONTAINER_HEALTH_CHECK, "behind a load balancer, which checks it");
    }
    Set<String> without =
        td.containers().stream()
            .filter(Container::essential)
            .filter(c -> !c.healthCheck())
            .map(Container::name)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    if (without.isEmpty()) {
      return RuleResult.pass(
          CONTAINER_HEALTH_CHECK, "every essential container has a health check");
    }
    return RuleResult.fail(
        CONTAINER_HEALTH_CHECK,
        "no load balancer and no health check in essential " + String.join(", ", without),
        newRevision(
            f,
            ".containerDefinitions |= map(if .name | IN("
                + quoted(without)
                + ") then .healthCheck = {\"command\": [\"CMD-SHELL\", \"<your check> || exit"
                + " 1\"], \"interval\": 30, \"timeout\": 5, \"retries\": 3, \"startPeriod\": 60}"
                + " else . end)"));
  }

  private static RuleResult unread(PostureRule rule) {
    return RuleResult.unknown(
        rule, "the task definition (or what the rule needs) could not be read");
  }

  /** Edit the service's current revision with jq, register it, deploy it. */
  static String newRevision(PostureFacts f, String jqEdit) {
    return "aws ecs describe-task-definition --task-definition "
        + f.taskDefinition().familyRevision()
        + " --query taskDefinition | jq '"
        + jqEdit
        + " | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,"
        + " .registeredAt, .registeredBy, .deregisteredAt)' > td.json\n"
        + "aws ecs register-task-definition --cli-input-json file://td.json\n"
        + ServiceRules.updateService(f)
        + " --task-definition "
        + f.taskDefinition().family();
  }

  private static String quoted(Set<String> names) {
    return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","));
  }
}
