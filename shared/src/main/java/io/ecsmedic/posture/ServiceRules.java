package io.ecsmedic.posture;

import static io.ecsmedic.posture.PostureRules.CIRCUIT_BREAKER;
import static io.ecsmedic.posture.PostureRules.DEREGISTRATION_DELAY;
import static io.ecsmedic.posture.PostureRules.EXEC_PREREQUISITES;
import static io.ecsmedic.posture.PostureRules.GRACE_PERIOD;
import static io.ecsmedic.posture.PostureRules.PLATFORM_VERSION;
import static io.ecsmedic.posture.PostureRules.SPOT_BASE;
import static io.ecsmedic.posture.PostureRules.ZERO_DOWNTIME;

import io.ecsmedic.check.CheckResult;
import io.ecsmedic.check.ExecCheck;
import io.ecsmedic.posture.PostureFacts.ProviderShare;
import io.ecsmedic.posture.PostureFacts.TargetGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules over the service itself: its deployment configuration, load balancing, platform,
 * capacity strategy and ECS Exec. Pure: each judges {@link PostureFacts} and returns PASS, FAIL
 * with the exact fix, or UNKNOWN when what it needs was not read.
 */
final class ServiceRules {
  /** The grace period proposed when there is none: long enough for a typical JVM to start. */
  static final int PROPOSED_GRACE_SECONDS = 60;

  /** ELBv2's default deregistration delay: left alone, every deploy drains this long. */
  static final int DEFAULT_DEREGISTRATION_SECONDS = 300;

  /** The delay proposed when no response time is known and the default is in place. */
  static final int PROPOSED_DEREGISTRATION_SECONDS = 30;

  private ServiceRules() {}

  static RuleResult circuitBreaker(PostureFacts f) {
    if (f.circuitBreaker() == null
        || f.circuitBreaker().enable() == null
        || f.circuitBreaker().rollback() == null) {
      return RuleResult.unknown(CIRCUIT_BREAKER, "the deployment configuration could not be read");
    }
    if (f.circuitBreaker().enable() && f.circuitBreaker().rollback()) {
      return RuleResult.pass(CIRCUIT_BREAKER, "deploymentCircuitBreaker enable=true rollback=true");
    }
    return RuleResult.fail(
        CIRCUIT_BREAKER,
        "deploymentCircuitBreaker enable="
            + f.circuitBreaker().enable()
            + " rollback="
            + f.circuitBreaker().rollback(),
        updateService(f)
            + " --deployment-configuration"
            + " 'deploymentCircuitBreaker={enable=true,rollback=true}'");
  }

  static RuleResult gracePeriod(PostureFacts f) {
    if (f.targetGroups() == null || f.healthCheckGracePeriodSeconds() == null) {
      return RuleResult.unknown(GRACE_PERIOD, "the service's load balancers could not be read");
    }
    if (f.targetGroups().isEmpty()) {
      return RuleResult.pass(GRACE_PERIOD, "not behind a load balancer");
    }
    int grace = f.healthCheckGracePeriodSeconds();
    if (grace > 0) {
      return RuleResult.pass(GRACE_PERIOD, "healthCheckGracePeriodSeconds " + grace);
    }
    return RuleResult.fail(
        GRACE_PERIOD,
        "behind " + names(f.targetGroups()) + " with healthCheckGracePeriodSeconds 0",
        updateService(f) + " --health-check-grace-period-seconds " + PROPOSED_GRACE_SECONDS);
  }

  /**
   * The delay's lower bound is the longest request (draining shorter cuts it off); the default 300
   * s is judged too long when the longest request is known to be shorter, or when nothing is known
   * (then the fix says to measure first).
   */
  static RuleResult deregistrationDelay(PostureFacts f) {
    if (f.targetGroups() == null) {
      return RuleResult.unknown(DEREGISTRATION_DELAY, "the service's load balancers were not read");
    }
    if (f.targetGroups().isEmpty()) {
      return RuleResult.pass(DEREGISTRATION_DELAY, "not behind a load balancer");
    }
    List<String> evidence = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    for (TargetGroup tg : f.targetGroups()) {
      Integer delay = tg.deregistrationDelaySeconds();
      Double longest = tg.longestResponseSeconds();
      if (delay == null) {
        unread.add(tg.name());
        continue;
      }
      if (longest != null && delay < longest) {
        int proposed = (int) Math.ceil(longest) + 5;
        evidence.add(
            tg.name() + ": delay " + delay + " s is below the longest request, " + longest + " s");
        fixes.add(modifyDelay(tg, proposed));
      } else if (delay == DEFAULT_DEREGISTRATION_SECONDS) {
        if (longest != null) {
          int proposed = Math.max((int) Math.ceil(longest) + 5, 5);
          evidence.add(
              tg.name() + ": delay left at 300 s; the longest request is " + longest + " s");
          fixes.add(modifyDelay(tg, proposed));
        } else {
          evidence.add(tg.name() + ": delay left at 300 s; the longest request is not known");
          fixes.add(
              "# check the longest request first (CloudWatch TargetResponseTime, Maximum)\n"
                  + modifyDelay(tg, PROPOSED_DEREGISTRATION_SECONDS));
        }
      }
    }
    if (!fixes.isEmpty()) {
      return RuleResult.fail(
          DEREGISTRATION_DELAY, String.join("; ", evidence), String.join("\n", fixes));
    }
    if (!unread.isEmpty()) {
      return RuleResult.unknown(
          DEREGISTRATION_DELAY,
          "the attributes of " + String.join(", ", unread) + " could not be read");
    }
    return RuleResult.pass(
        DEREGISTRATION_DELAY,
        f.targetGroups().stream()
            .map(tg -> tg.name() + ": " + tg.deregistrationDelaySeconds() + " s")
            .reduce((a, b) -> a + ", " + b)
            .orElse(""));
  }

  static RuleResult zeroDowntime(PostureFacts f) {
    if (f.desiredCount() == null
        || f.minimumHealthyPercent() == null
        || f.maximumPercent() == null) {
      return RuleResult.unknown(ZERO_DOWNTIME, "the deployment configuration could not be read");
    }
    if (f.desiredCount() != 1) {
      return RuleResult.pass(ZERO_DOWNTIME, "desiredCount " + f.desiredCount());
    }
    String now =
        "desiredCount 1, minimumHealthyPercent "
            + f.minimumHealthyPercent()
            + ", maximumPercent "
            + f.maximumPercent();
    if (f.minimumHealthyPercent() >= 100 && f.maximumPercent() >= 200) {
      return RuleResult.pass(ZERO_DOWNTIME, now);
    }
    return RuleResult.fail(
        ZERO_DOWNTIME,
        now + ": a deployment stops the only task or cannot start its replacement first",
        updateService(f)
            + " --deployment-configuration 'minimumHealthyPercent=100,maximumPercent=200'");
  }

  static RuleResult platformVersion(PostureFacts f) {
    Boolean fargate = f.fargate();
    if (fargate == null) {
      return RuleResult.unknown(PLATFORM_VERSION, "the launch type could not be read");
    }
    if (!fargate) {
      return RuleResult.pass(PLATFORM_VERSION, "not on Fargate");
    }
    String pv = f.platformVersion();
    if (pv == null || pv.isBlank() || "LATEST".equals(pv)) {
      return RuleResult.pass(PLATFORM_VERSION, "platform LATEST");
    }
    if (Versions.compare(pv, "1.4.0") >= 0) {
      return RuleResult.pass(PLATFORM_VERSION, "platform " + pv);
    }
    return RuleResult.fail(
        PLATFORM_VERSION,
        "platform " + pv + " is retired",
        updateService(f) + " --platform-version LATEST --force-new-deployment");
  }

  static RuleResult spotBase(PostureFacts f) {
    if (f.capacityProviders() == null) {
      return RuleResult.unknown(SPOT_BASE, "the capacity provider strategy could not be read");
    }
    boolean spot =
        f.capacityProviders().stream().anyMatch(p -> "FARGATE_SPOT".equals(p.provider()));
    if (!spot) {
      return RuleResult.pass(SPOT_BASE, "no FARGATE_SPOT in the strategy");
    }
    int base =
        f.capacityProviders().stream()
            .filter(p -> "FARGATE".equals(p.provider()))
            .mapToInt(ProviderShare::base)
            .sum();
    if (base >= 1) {
      return RuleResult.pass(SPOT_BASE, "FARGATE base " + base + " under FARGATE_SPOT");
    }
    int spotWeight =
        f.capacityProviders().stream()
            .filter(p -> "FARGATE_SPOT".equals(p.provider()))
            .mapToInt(ProviderShare::weight)
            .sum();
    return RuleResult.fail(
        SPOT_BASE,
        "FARGATE_SPOT with no on-demand FARGATE base",
        updateService(f)
            + " --capacity-provider-strategy capacityProvider=FARGATE,base=1,weight=1"
            + " capacityProvider=FARGATE_SPOT,weight="
            + Math.max(spotWeight, 1)
            + " --force-new-deployment");
  }

  /** Reuses exec-check's judgement of what the configuration decides; the rest needs a task. */
  static RuleResult execPrerequisites(PostureFacts f) {
    if (f.execEnabled() == null) {
      return RuleResult.unknown(EXEC_PREREQUISITES, "enableExecuteCommand could not be read");
    }
    if (!f.execEnabled()) {
      return RuleResult.pass(EXEC_PREREQUISITES, "ECS Exec is off");
    }
    if (f.fargate() == null || f.taskDefinition() == null) {
      return RuleResult.unknown(
          EXEC_PREREQUISITES, "the launch type or the task definition could not be read");
    }
    List<CheckResult> steps = ExecCheck.configuration(ExecFactsOfService.of(f));
    List<CheckResult> failed =
        steps.stream().filter(s -> s.status() == CheckResult.Status.FAIL).toList();
    if (!failed.isEmpty()) {
      return RuleResult.fail(
          EXEC_PREREQUISITES,
          String.join("; ", failed.stream().map(s -> s.id() + ": " + s.evidence()).toList()),
          String.join("\n", failed.stream().map(CheckResult::fix).toList()));
    }
    List<CheckResult> unknown =
        steps.stream()
            .filter(s -> s.status() == CheckResult.Status.UNKNOWN)
            .filter(s -> !ExecFactsOfService.NEEDS_A_TASK.contains(s.id()))
            .toList();
    if (!unknown.isEmpty()) {
      return RuleResult.unknown(
          EXEC_PREREQUISITES,
          String.join("; ", unknown.stream().map(s -> s.id() + ": " + s.evidence()).toList()));
    }
    return RuleResult.pass(
        EXEC_PREREQUISITES,
        "platform, task role, pidMode and root filesystem allow exec"
            + " (run ecs-medic exec-check on a task for the rest)");
  }

  static String updateService(PostureFacts f) {
    return "aws ecs update-service --cluster " + f.cluster() + " --service " + f.service();
  }

  private static String modifyDelay(TargetGroup tg, int seconds) {
    return "aws elbv2 modify-target-group-attributes --target-group-arn "
        + tg.arn()
        + " --attributes Key=deregistration_delay.timeout_seconds,Value="
        + seconds;
  }

  private static String names(List<TargetGroup> tgs) {
    return String.join(", ", tgs.stream().map(TargetGroup::name).toList());
  }

  /** Dotted version comparison ({@code 1.3.0} &lt; {@code 1.4.0}); non-numbers count as 0. */
  static final class Versions {
    private Versions() {}

    static int compare(String a, String b) {
      String[] x = a.split("\\.");
      String[] y = b.split("\\.");
      for (int i = 0; i < Math.max(x.length, y.length); i++) {
        int c = Integer.compare(part(x, i), part(y, i));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }

    private static int part(String[] parts, int i) {
      try {
        return i < parts.length ? Integer.parseInt(parts[i]) : 0;
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }
}
