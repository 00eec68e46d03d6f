package io.ecsmedic.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ALB 502 / unhealthy-target checklist, in the order an experienced operator works through it
 * (runbook: docs/runbooks/ELB_HEALTH_CHECK.md). Pure: it judges {@link AlbFacts}; gathering them is
 * the collector's job. Each step is PASS, FAIL (with the fix) or UNKNOWN (the evidence is missing);
 * nothing missing is ever reported as PASS.
 */
public final class AlbCheck {
  /** Above this, deregistration outlasts a 2-minute Spot notice and slows every deployment. */
  static final int MAX_DEREGISTRATION_DELAY = 60;

  private AlbCheck() {}

  public static List<CheckResult> run(AlbFacts f) {
    List<CheckResult> out = new ArrayList<>();
    out.add(port(f));
    out.add(crashing(f));
    out.add(securityGroup(f));
    out.add(pathAndMatcher(f));
    out.add(timeout(f));
    out.add(targetReasons(f));
    out.add(keepAlive(f));
    out.add(deregistration(f));
    out.add(gracePeriod(f));
    return out;
  }

  static CheckResult port(AlbFacts f) {
    CheckStep step = new CheckStep("alb.port", "container port = target-group / health-check port");
    if (f.containerPort() == null || f.healthCheckPort() == null) {
      return CheckResult.unknown(
          step, "the service's container port or the health-check port is not known");
    }
    if ("traffic-port".equals(f.healthCheckPort())) {
      return CheckResult.pass(
          step, "health checks go to the registered port " + f.containerPort() + " (traffic-port)");
    }
    if (f.healthCheckPort().equals(Integer.toString(f.containerPort()))) {
      return CheckResult.pass(
          step, "health-check port " + f.healthCheckPort() + " = container port");
    }
    return CheckResult.fail(
        step,
        "health checks go to port "
            + f.healthCheckPort()
            + ", the container listens on "
            + f.containerPort(),
        "aws elbv2 modify-target-group --target-group-arn "
            + targetGroup(f)
            + " --health-check-port traffic-port");
  }

  static CheckResult crashing(AlbFacts f) {
    CheckStep step = new CheckStep("alb.crashing", "the container is not crashing");
    if (f.stoppedTaskReasons() == null) {
      return CheckResult.unknown(step, "recent stopped tasks could not be read");
    }
    List<String> failures =
        f.stoppedTaskReasons().stream()
            .filter(
                r ->
                    r != null
                        && !r.contains("Scaling activity")
                        && !r.contains("Deployment completed"))
            .toList();
    if (failures.isEmpty()) {
      return CheckResult.pass(
          step, f.stoppedTaskReasons().size() + " recent stops, none a failure");
    }
    return CheckResult.fail(
        step,
        failures.size() + " recent failed stops, newest: " + failures.getFirst(),
        "a crashing target answers 502: diagnose the newest stopped task first: ecs-medic classify"
            + " --task-arn \"$(aws ecs list-tasks --cluster "
            + cluster(f)
            + " --service-name "
            + service(f)
            + " --desired-status STOPPED --query 'taskArns[0]' --output text)\"");
  }

  static CheckResult securityGroup(AlbFacts f) {
    CheckStep step =
        new CheckStep(
            "alb.security-group",
            "the task's security group lets the load balancer in on the container port");
    if (f.albSecurityGroups() == null || f.taskIngress() == null || f.containerPort() == null) {
      return CheckResult.unknown(step, "the security groups could not be read");
    }
    for (Map.Entry<String, List<String>> e : f.taskIngress().entrySet()) {
      for (String source : e.getValue()) {
        if (f.albSecurityGroups().contains(source) || source.equals("0.0.0.0/0")) {
          return CheckResult.pass(
              step, e.getKey() + " allows " + source + " on port " + f.containerPort());
        }
      }
    }
    return CheckResult.fail(
        step,
        "no task security group allows "
            + String.join(", ", f.albSecurityGroups())
            + " on port "
            + f.containerPort(),
        "aws ec2 authorize-security-group-ingress --group-id "
            + (f.taskIngress().isEmpty() ? "<task sg>" : f.taskIngress().keySet().iterator().next())
            + " --protocol tcp --port "
            + f.containerPort()
            + " --source-group "
            + (f.albSecurityGroups().isEmpty() ? "<alb sg>" : f.albSecurityGroups().getFirst()));
  }

  static CheckResult pathAndMatcher(AlbFacts f) {
    CheckStep step =
        new CheckStep(
            "alb.path-matcher", "health-check path and matcher match what the app answers");
    if (f.targetStates() == null || f.healthCheckPath() == null) {
      return CheckResult.unknown(
          step, "target health or the health-check settings could not be read");
    }
    if (f.targetStates().isEmpty()) {
      return CheckResult.unknown(step, "no registered targets to judge");
    }
    int mismatches = count(f.targetStates(), "Target.ResponseCodeMismatch");
    if (mismatches > 0) {
      return CheckResult.fail(
          step,
          mismatches
              + " targets answer "
              + f.healthCheckPath()
              + " with a code outside "
              + f.matcher(),
          "widen the matcher: aws elbv2 modify-target-group --target-group-arn "
              + targetGroup(f)
              + " --matcher HttpCode=200-399 (or add --health-check-path <a path that answers "
              + f.matcher()
              + " without auth or redirects>)");
    }
    return CheckResult.pass(
        step, "no target reports Target.ResponseCodeMismatch on " + f.healthCheckPath());
  }

  static CheckResult timeout(AlbFacts f) {
    CheckStep step = new CheckStep("alb.timeout", "health checks answer within their timeout");
    if (f.targetStates() == null) {
      return CheckResult.unknown(step, "target health could not be read");
    }
    if (f.targetStates().isEmpty()) {
      return CheckResult.unknown(step, "no registered targets to judge");
    }
    int timeouts = count(f.targetStates(), "Target.Timeout");
    if (timeouts > 0) {
      return CheckResult.fail(
          step,
          timeouts
              + " targets time out (health-check timeout "
              + f.healthCheckTimeoutSeconds()
              + " s)",
          "make the health endpoint cheap (no database round trip), or give it longer: "
              + raiseTimeout(f));
    }
    return CheckResult.pass(step, "no target reports Target.Timeout");
  }

  static CheckResult targetReasons(AlbFacts f) {
    CheckStep step = new CheckStep("alb.target-health", "targets are healthy");
    if (f.targetStates() == null) {
      return CheckResult.unknown(step, "target health could not be read");
    }
    int healthy = count(f.targetStates(), "healthy");
    int unhealthy =
        f.targetStates().entrySet().stream()
            .filter(e -> !e.getKey().startsWith("healthy"))
            .mapToInt(Map.Entry::getValue)
            .sum();
    if (unhealthy == 0 && healthy > 0) {
      return CheckResult.pass(step, healthy + " healthy targets");
    }
    if (healthy == 0 && unhealthy == 0) {
      return CheckResult.fail(
          step,
          "no targets registered",
          "see whether the service runs tasks and which target group it registers with: aws ecs"
              + " describe-services --cluster "
              + cluster(f)
              + " --services "
              + service(f)
              + " --query 'services[0].{desired:desiredCount,running:runningCount,"
              + "loadBalancers:loadBalancers,events:events[:5].message}'");
    }
    return CheckResult.fail(
        step,
        healthy + " healthy, " + unhealthy + " not: " + f.targetStates(),
        "read each target's reason (Target.Timeout / Target.ResponseCodeMismatch: the steps above;"
            + " Target.FailedHealthChecks: the app or its port): aws elbv2 describe-target-health"
            + " --target-group-arn "
            + targetGroup(f)
            + " --query 'TargetHealthDescriptions[?TargetHealth.State!=`healthy`]"
            + ".[Target.Id,TargetHealth.Reason,TargetHealth.Description]' --output table");
  }

  static CheckResult keepAlive(AlbFacts f) {
    CheckStep step =
        new CheckStep(
            "alb.keep-alive", "the app's keep-alive outlasts the load balancer's idle timeout");
    if (f.idleTimeoutSeconds() == null) {
      return CheckResult.unknown(step, "the load balancer's idle timeout could not be read");
    }
    if (f.keepAliveTimeoutSeconds() == null) {
      return CheckResult.unknown(
          step,
          "idle timeout is "
              + f.idleTimeoutSeconds()
              + " s; the app's keep-alive timeout is not visible to AWS: it must be longer (Node.js defaults to 5 s)");
    }
    if (f.keepAliveTimeoutSeconds() > f.idleTimeoutSeconds()) {
      return CheckResult.pass(
          step,
          "keep-alive "
              + f.keepAliveTimeoutSeconds()
              + " s > idle timeout "
              + f.idleTimeoutSeconds()
              + " s");
    }
    return CheckResult.fail(
        step,
        "keep-alive "
            + f.keepAliveTimeoutSeconds()
            + " s ≤ idle timeout "
            + f.idleTimeoutSeconds()
            + " s: the app closes connections the ALB reuses (intermittent 502)",
        "set the app's keep-alive timeout above "
            + f.idleTimeoutSeconds()
            + " s (Node.js: server.keepAliveTimeout = "
            + (f.idleTimeoutSeconds() + 5) * 1000
            + "; Gunicorn: --keep-alive "
            + (f.idleTimeoutSeconds() + 5)
            + "), or lower the load balancer's idle timeout below the app's: aws elbv2"
            + " modify-load-balancer-attributes --load-balancer-arn "
            + loadBalancer(f)
            + " --attributes Key=idle_timeout.timeout_seconds,Value="
            + Math.max(1, f.keepAliveTimeoutSeconds() - 1));
  }

  static CheckResult deregistration(AlbFacts f) {
    CheckStep step =
        new CheckStep("alb.deregistration-delay", "deregistration delay fits the task's stop");
    if (f.deregistrationDelaySeconds() == null) {
      return CheckResult.unknown(step, "the target group's deregistration delay could not be read");
    }
    int delay = f.deregistrationDelaySeconds();
    if (delay > MAX_DEREGISTRATION_DELAY) {
      return CheckResult.fail(
          step,
          "deregistration delay " + delay + " s" + (delay == 300 ? " (the default)" : ""),
          "aws elbv2 modify-target-group-attributes --target-group-arn "
              + targetGroup(f)
              + " --attributes Key=deregistration_delay.timeout_seconds,Value=30 (keep it longer"
              + " than your longest request)");
    }
    int stop = f.stopTimeoutSeconds() == null ? 30 : f.stopTimeoutSeconds();
    return CheckResult.pass(
        step, "deregistration delay " + delay + " s, stopTimeout " + stop + " s");
  }

  static CheckResult gracePeriod(AlbFacts f) {
    CheckStep step =
        new CheckStep("alb.grace-period", "the health-check grace period covers start-up");
    if (f.gracePeriodSeconds() == null) {
      return CheckResult.unknown(step, "the service's grace period could not be read");
    }
    if (f.startupSeconds() == null) {
      return f.gracePeriodSeconds() == 0
          ? CheckResult.fail(
              step,
              "grace period 0 s: a slow-starting task is killed for failing health checks before it is up",
              setGracePeriod(f, 60) + " (any value above the start-up time)")
          : CheckResult.unknown(
              step, "grace period " + f.gracePeriodSeconds() + " s; start-up time not known");
    }
    if (f.gracePeriodSeconds() >= f.startupSeconds()) {
      return CheckResult.pass(
          step,
          "grace period " + f.gracePeriodSeconds() + " s ≥ start-up " + f.startupSeconds() + " s");
    }
    return CheckResult.fail(
        step,
        "grace period " + f.gracePeriodSeconds() + " s < start-up " + f.startupSeconds() + " s",
        setGracePeriod(f, f.startupSeconds() * 3 / 2));
  }

  private static int count(Map<String, Integer> states, String prefixOrReason) {
    return states.entrySet().stream()
        .filter(
            e ->
                e.getKey().startsWith(prefixOrReason)
                    || e.getKey().contains("(" + prefixOrReason + ")"))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  private static String raiseTimeout(AlbFacts f) {
    int now = f.healthCheckTimeoutSeconds() == null ? 5 : f.healthCheckTimeoutSeconds();
    int timeout = Math.min(Math.max(now * 2, 10), 60);
    // ELBv2 requires the interval to be longer than the timeout.
    int interval = Math.max(timeout + 5, 30);
    return "aws elbv2 modify-target-group --target-group-arn "
        + targetGroup(f)
        + " --health-check-timeout-seconds "
        + timeout
        + " --health-check-interval-seconds "
        + interval;
  }

  private static String setGracePeriod(AlbFacts f, int seconds) {
    return "aws ecs update-service --cluster "
        + cluster(f)
        + " --service "
        + service(f)
        + " --health-check-grace-period-seconds "
        + seconds;
  }

  private static AlbFacts.Target target(AlbFacts f) {
    return f.target() == null ? AlbFacts.Target.UNKNOWN : f.target();
  }

  private static String cluster(AlbFacts f) {
    return orPlaceholder(target(f).cluster(), "<cluster>");
  }

  private static String service(AlbFacts f) {
    return orPlaceholder(target(f).service(), "<service registered with the target group>");
  }

  private static String targetGroup(AlbFacts f) {
    return orPlaceholder(target(f).targetGroupArn(), "<target-group-arn>");
  }

  private static String loadBalancer(AlbFacts f) {
    return orPlaceholder(
        target(f).loadBalancerArn(),
        "\"$(aws elbv2 describe-target-groups --target-group-arns "
            + targetGroup(f)
            + " --query 'TargetGroups[0].LoadBalancerArns[0]' --output text)\"");
  }

  private static String orPlaceholder(String value, String placeholder) {
    return value == null || value.isBlank() ? placeholder : value;
  }
}
