package io.ecsmedic.posture;

import static io.ecsmedic.posture.PostureFixtures.APP;
import static io.ecsmedic.posture.PostureFixtures.EXEC_ROLE;
import static io.ecsmedic.posture.PostureFixtures.HEALTHY;
import static io.ecsmedic.posture.PostureFixtures.TASK_ROLE;
import static io.ecsmedic.posture.PostureFixtures.TG;
import static io.ecsmedic.posture.PostureFixtures.behindNoLoadBalancer;
import static io.ecsmedic.posture.PostureFixtures.strategy;
import static io.ecsmedic.posture.PostureFixtures.with;
import static io.ecsmedic.posture.PostureFixtures.withAll;
import static io.ecsmedic.posture.PostureFixtures.withApp;
import static io.ecsmedic.posture.PostureFixtures.withContainers;
import static io.ecsmedic.posture.PostureFixtures.withTd;
import static io.ecsmedic.posture.RuleStatus.FAIL;
import static io.ecsmedic.posture.RuleStatus.PASS;
import static io.ecsmedic.posture.RuleStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.posture.PostureFacts.CircuitBreaker;
import io.ecsmedic.posture.PostureFacts.ProviderShare;
import io.ecsmedic.posture.PostureFacts.Role;
import io.ecsmedic.posture.PostureFacts.TargetGroup;
import io.ecsmedic.testing.Records;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule over table cases: configuration in, verdict out, an unreadable input UNKNOWN. */
class PostureRulesTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // circuit breaker
        c(PostureRules.CIRCUIT_BREAKER, "on with rollback", HEALTHY, PASS),
        c(PostureRules.CIRCUIT_BREAKER, "off", with("circuitBreaker", CircuitBreaker.OFF), FAIL),
        c(
            PostureRules.CIRCUIT_BREAKER,
            "no rollback",
            with("circuitBreaker", new CircuitBreaker(true, false)),
            FAIL),
        c(PostureRules.CIRCUIT_BREAKER, "unread", with("circuitBreaker", null), UNKNOWN),
        // grace period
        c(PostureRules.GRACE_PERIOD, "60 s behind an ALB", HEALTHY, PASS),
        c(
            PostureRules.GRACE_PERIOD,
            "0 s behind an ALB",
            with("healthCheckGracePeriodSeconds", 0),
            FAIL),
        c(
            PostureRules.GRACE_PERIOD,
            "0 s, no load balancer",
            Records.with(behindNoLoadBalancer(), "healthCheckGracePeriodSeconds", 0),
            PASS),
        c(PostureRules.GRACE_PERIOD, "load balancers unread", with("targetGroups", null), UNKNOWN),
        // deregistration delay
        c(PostureRules.DEREGISTRATION_DELAY, "30 s over a 2.5 s longest request", HEALTHY, PASS),
        c(
            PostureRules.DEREGISTRATION_DELAY,
            "below the longest request",
            with("targetGroups", List.of(new TargetGroup(TG, 30, 55.0))),
            FAIL),
        c(
            PostureRules.DEREGISTRATION_DELAY,
            "left at 300 s, longest known",
            with("targetGroups", List.of(new TargetGroup(TG, 300, 2.0))),
            FAIL),
        c(
            PostureRules.DEREGISTRATION_DELAY,
            "left at 300 s, longest unknown",
            with("targetGroups", List.of(new TargetGroup(TG, 300, null))),
            FAIL),
        c(
            PostureRules.DEREGISTRATION_DELAY,
            "400 s over a 350 s request",
            with("targetGroups", List.of(new TargetGroup(TG, 400, 350.0))),
            PASS),
        c(
            PostureRules.DEREGISTRATION_DELAY,
            "attributes unread",
            with("targetGroups", List.of(new TargetGroup(TG, null, null))),
            UNKNOWN),
        // zero downtime
        c(PostureRules.ZERO_DOWNTIME, "desired 2", HEALTHY, PASS),
        c(PostureRules.ZERO_DOWNTIME, "desired 1 at 100/200", with("desiredCount", 1), PASS),
        c(
            PostureRules.ZERO_DOWNTIME,
            "desired 1 at 0/100",
            Records.with(
                HEALTHY,
                Map.of("desiredCount", 1, "minimumHealthyPercent", 0, "maximumPercent", 100)),
            FAIL),
        c(PostureRules.ZERO_DOWNTIME, "unread", with("minimumHealthyPercent", null), UNKNOWN),
        // platform
        c(PostureRules.PLATFORM_VERSION, "LATEST", HEALTHY, PASS),
        c(PostureRules.PLATFORM_VERSION, "1.4.0", with("platformVersion", "1.4.0"), PASS),
        c(PostureRules.PLATFORM_VERSION, "1.3.0", with("platformVersion", "1.3.0"), FAIL),
        c(
            PostureRules.PLATFORM_VERSION,
            "EC2 ignores it",
            Records.with(HEALTHY, Map.of("launchType", "EC2", "platformVersion", "1.3.0")),
            PASS),
        c(
            PostureRules.PLATFORM_VERSION,
            "FARGATE_SPOT strategy on 1.3.0",
            withAll(
                "launchType",
                null,
                "platformVersion",
                "1.3.0",
                "capacityProviders",
                strategy(new ProviderShare("FARGATE_SPOT", 0, 1))),
            FAIL),
        c(
            PostureRules.PLATFORM_VERSION,
            "launch unread",
            withAll("launchType", null, "capacityProviders", null),
            UNKNOWN),
        // log mode
        c(PostureRules.LOG_MODE, "non-blocking", HEALTHY, PASS),
        c(PostureRules.LOG_MODE, "explicit blocking", withApp("logMode", "blocking"), FAIL),
        c(
            PostureRules.LOG_MODE,
            "unset, account blocking",
            Records.with(withApp("logMode", null), "accountLogDriverMode", "blocking"),
            FAIL),
        c(PostureRules.LOG_MODE, "unset, account non-blocking", withApp("logMode", null), PASS),
        c(
            PostureRules.LOG_MODE,
            "unset, account setting unread",
            Records.with(withApp("logMode", null), "accountLogDriverMode", null),
            UNKNOWN),
        c(PostureRules.LOG_MODE, "task definition unread", with("taskDefinition", null), UNKNOWN),
        // dependsOn HEALTHY
        c(PostureRules.DEPENDS_ON_HEALTHY, "no dependencies", HEALTHY, PASS),
        c(
            PostureRules.DEPENDS_ON_HEALTHY,
            "on a container without a health check",
            withContainers(
                List.of(
                    Records.with(APP, "dependsOn", Map.of("proxy", "HEALTHY")),
                    Records.with(Records.with(APP, "name", "proxy"), "healthCheck", false))),
            FAIL),
        c(
            PostureRules.DEPENDS_ON_HEALTHY,
            "on a container with one",
            withContainers(
                List.of(
                    Records.with(APP, "dependsOn", Map.of("proxy", "HEALTHY")),
                    Records.with(APP, "name", "proxy"))),
            PASS),
        c(PostureRules.DEPENDS_ON_HEALTHY, "unread", with("taskDefinition", null), UNKNOWN),
        // startTimeout
        c(PostureRules.START_TIMEOUT, "unset", HEALTHY, PASS),
        c(PostureRules.START_TIMEOUT, "120 s", withApp("startTimeout", 120), PASS),
        c(PostureRules.START_TIMEOUT, "600 s", withApp("startTimeout", 600), FAIL),
        c(PostureRules.START_TIMEOUT, "unread", with("taskDefinition", null), UNKNOWN),
        // secrets in environment
        c(PostureRules.SECRETS_IN_ENVIRONMENT, "only a secret's ARN", HEALTHY, PASS),
        c(
            PostureRules.SECRETS_IN_ENVIRONMENT,
            "a password",
            withApp("environment", List.of("DB_PASSWORD")),
            FAIL),
        c(
            PostureRules.SECRETS_IN_ENVIRONMENT,
            "an access key id",
            withApp("environment", List.of("AWS_ACCESS_KEY_ID")),
            FAIL),
        c(
            PostureRules.SECRETS_IN_ENVIRONMENT,
            "an API key",
            withApp("environment", List.of("STRIPE_API_KEY")),
            FAIL),
        c(PostureRules.SECRETS_IN_ENVIRONMENT, "unread", with("taskDefinition", null), UNKNOWN),
        // role separation
        c(PostureRules.ROLE_SEPARATION, "two roles", HEALTHY, PASS),
        c(
            PostureRules.ROLE_SEPARATION,
            "one role for both",
            withTd("taskRoleArn", EXEC_ROLE),
            FAIL),
        c(PostureRules.ROLE_SEPARATION, "no task role", withTd("taskRoleArn", null), PASS),
        c(PostureRules.ROLE_SEPARATION, "unread", with("taskDefinition", null), UNKNOWN),
        // role wildcards
        c(PostureRules.ROLE_WILDCARDS, "narrow policies", HEALTHY, PASS),
        c(
            PostureRules.ROLE_WILDCARDS,
            "AmazonS3FullAccess on the task role",
            with(
                "roles",
                Map.of(
                    TASK_ROLE,
                        new Role(
                            TASK_ROLE,
                            List.of("arn:aws:iam::aws:policy/AmazonS3FullAccess"),
                            List.of()),
                    EXEC_ROLE, new Role(EXEC_ROLE, List.of(), List.of()))),
            FAIL),
        c(
            PostureRules.ROLE_WILDCARDS,
            "an inline s3:*",
            with(
                "roles",
                Map.of(
                    TASK_ROLE, new Role(TASK_ROLE, List.of(), List.of("app-policy: s3:*")),
                    EXEC_ROLE, new Role(EXEC_ROLE, List.of(), List.of()))),
            FAIL),
        c(
            PostureRules.ROLE_WILDCARDS,
            "one role unread",
            with("roles", Map.of(EXEC_ROLE, new Role(EXEC_ROLE, List.of(), List.of()))),
            UNKNOWN),
        c(PostureRules.ROLE_WILDCARDS, "IAM unread", with("roles", null), UNKNOWN),
        // spot base
        c(PostureRules.SPOT_BASE, "launch type", HEALTHY, PASS),
        c(
            PostureRules.SPOT_BASE,
            "Spot only",
            withAll(
                "launchType",
                null,
                "capacityProviders",
                strategy(new ProviderShare("FARGATE_SPOT", 0, 1))),
            FAIL),
        c(
            PostureRules.SPOT_BASE,
            "Spot with weight only on FARGATE",
            withAll(
                "launchType",
                null,
                "capacityProviders",
                strategy(
                    new ProviderShare("FARGATE", 0, 1), new ProviderShare("FARGATE_SPOT", 0, 3))),
            FAIL),
        c(
            PostureRules.SPOT_BASE,
            "Spot over a FARGATE base",
            withAll(
                "launchType",
                null,
                "capacityProviders",
                strategy(
                    new ProviderShare("FARGATE", 1, 1), new ProviderShare("FARGATE_SPOT", 0, 3))),
            PASS),
        c(PostureRules.SPOT_BASE, "unread", with("capacityProviders", null), UNKNOWN),
        // stop timeout (advice)
        c(PostureRules.STOP_TIMEOUT, "a web service", HEALTHY, PASS),
        c(PostureRules.STOP_TIMEOUT, "a worker with stopTimeout", behindNoLoadBalancer(), PASS),
        c(
            PostureRules.STOP_TIMEOUT,
            "a worker without",
            Records.with(withApp("stopTimeout", null), "targetGroups", List.of()),
            FAIL),
        c(PostureRules.STOP_TIMEOUT, "unread", with("targetGroups", null), UNKNOWN),
        // exec prerequisites
        c(PostureRules.EXEC_PREREQUISITES, "exec off", HEALTHY, PASS),
        c(PostureRules.EXEC_PREREQUISITES, "exec on, all there", with("execEnabled", true), PASS),
        c(
            PostureRules.EXEC_PREREQUISITES,
            "exec on, read-only root",
            Records.with(withApp("readonlyRootFilesystem", true), "execEnabled", true),
            FAIL),
        c(
            PostureRules.EXEC_PREREQUISITES,
            "exec on, no task role",
            Records.with(withTd("taskRoleArn", null), "execEnabled", true),
            FAIL),
        c(
            PostureRules.EXEC_PREREQUISITES,
            "exec on, platform 1.3.0",
            Records.with(HEALTHY, Map.of("execEnabled", true, "platformVersion", "1.3.0")),
            FAIL),
        c(
            PostureRules.EXEC_PREREQUISITES,
            "exec on, task definition unread",
            withAll("execEnabled", true, "taskDefinition", null),
            UNKNOWN),
        c(PostureRules.EXEC_PREREQUISITES, "unread", with("execEnabled", null), UNKNOWN),
        // Fargate size
        c(PostureRules.FARGATE_SIZE, "512/1024", HEALTHY, PASS),
        c(
            PostureRules.FARGATE_SIZE,
            "256/4096",
            Records.with(
                HEALTHY,
                "taskDefinition",
                Records.with(Records.with(PostureFixtures.TD, "cpu", 256), "memory", 4096)),
            FAIL),
        c(PostureRules.FARGATE_SIZE, "EC2", with("launchType", "EC2"), PASS),
        c(PostureRules.FARGATE_SIZE, "unread", with("taskDefinition", null), UNKNOWN),
        // image digest (advice)
        c(PostureRules.IMAGE_DIGEST, "by digest", HEALTHY, PASS),
        c(PostureRules.IMAGE_DIGEST, "by tag", withApp("image", "nginx:latest"), FAIL),
        c(PostureRules.IMAGE_DIGEST, "unread", with("taskDefinition", null), UNKNOWN),
        // container health check
        c(PostureRules.CONTAINER_HEALTH_CHECK, "behind an ALB", HEALTHY, PASS),
        c(
            PostureRules.CONTAINER_HEALTH_CHECK,
            "no ALB, health check",
            behindNoLoadBalancer(),
            PASS),
        c(
            PostureRules.CONTAINER_HEALTH_CHECK,
            "no ALB, no health check",
            Records.with(withApp("healthCheck", false), "targetGroups", List.of()),
            FAIL),
        c(PostureRules.CONTAINER_HEALTH_CHECK, "unread", with("targetGroups", null), UNKNOWN));
  }

  private static Arguments c(PostureRule rule, String name, Object facts, RuleStatus expected) {
    PostureFacts f = facts instanceof PostureFacts p ? p : null;
    return Arguments.of(rule.id() + ": " + name, rule, f, expected);
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("cases")
  void judges(String name, PostureRule rule, PostureFacts facts, RuleStatus expected) {
    RuleResult result = result(PostureCheck.run(facts, List.of()), rule);

    assertThat(result.status()).as(result.evidence()).isEqualTo(expected);
    if (expected == FAIL) {
      assertThat(result.fix())
          .as("the fix names the service, its target group or its role")
          .containsAnyOf("--service orders", TG, "--role-name orders-");
    }
  }

  @Test
  void everyRuleHasCasesForEachVerdict() {
    for (PostureRule rule : PostureRules.ALL) {
      List<RuleStatus> verdicts =
          cases().filter(a -> a.get()[1] == rule).map(a -> (RuleStatus) a.get()[3]).toList();
      assertThat(verdicts).as(rule.id()).contains(PASS, FAIL, UNKNOWN);
    }
  }

  @Test
  void theHealthyServicePassesEveryRule() {
    ServiceReport report = PostureCheck.run(HEALTHY, List.of());

    assertThat(report.results()).extracting(RuleResult::status).containsOnly(PASS);
    assertThat(report.results())
        .extracting(RuleResult::rule)
        .containsExactlyElementsOf(PostureRules.ALL.stream().map(PostureRule::id).toList());
  }

  @Test
  void nothingReadIsUnknownNeverPass() {
    PostureFacts nothing =
        new PostureFacts(
            "prod", "orders", null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    assertThat(PostureCheck.run(nothing, List.of()).results())
        .extracting(RuleResult::status)
        .containsOnly(UNKNOWN);
  }

  @Test
  void everyRuleHasAJudgement() {
    assertThat(PostureCheck.JUDGEMENTS.keySet())
        .containsExactlyInAnyOrderElementsOf(PostureRules.ALL);
  }

  static RuleResult result(ServiceReport report, PostureRule rule) {
    return report.results().stream()
        .filter(r -> r.rule().equals(rule.id()))
        .findFirst()
        .orElseThrow();
  }
}
