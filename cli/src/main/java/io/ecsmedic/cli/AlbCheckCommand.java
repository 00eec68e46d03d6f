package io.ecsmedic.cli;

import io.ecsmedic.aws.check.AlbFactsCollector;
import io.ecsmedic.aws.check.CheckClients;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code alb-check}: the ALB 502 / unhealthy-target checklist, run for you. Read-only. */
@Command(
    name = "alb-check",
    mixinStandardHelpOptions = true,
    header = "Run the ALB 502 / unhealthy-target checklist for a target group or a service.",
    description = {
      "Run the ALB 502 / unhealthy-target checklist for a target group or the ECS "
          + "service behind it: ports, crashing tasks, security groups, health-check "
          + "path/matcher and timeout, target reason codes, keep-alive vs idle timeout, "
          + "deregistration delay, grace period.",
      "Each step is PASS, FAIL (with the fix) or UNKNOWN (the evidence could not be " + "read).",
      "Read-only. Exit status: 0 no step failed, 1 a step failed, 2 bad options."
    })
final class AlbCheckCommand implements Callable<Integer> {
  static final class ServiceName {
    @Option(names = "--cluster", required = true, description = "cluster name or ARN")
    String cluster;

    @Option(names = "--service", required = true, description = "service name or ARN")
    String service;
  }

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Choice choice;

  static final class Choice {
    @Option(names = "--target-group", description = "target group ARN (as an alarm names it)")
    String targetGroup;

    @ArgGroup(exclusive = false)
    ServiceName service;
  }

  @Option(
      names = "--keep-alive",
      description =
          "the app's keep-alive timeout in seconds, if you know it (no AWS API shows it; it must exceed the ALB idle timeout)")
  Integer keepAlive;

  @Mixin CheckOptions options;

  @Override
  public Integer call() throws Exception {
    AlbFactsCollector check =
        new AlbFactsCollector(CheckClients.of(options.clients(spec)), Clock.systemUTC());
    return options.print(
        spec,
        choice.targetGroup != null
            ? check.forTargetGroup(choice.targetGroup, keepAlive)
            : check.forService(choice.service.cluster, choice.service.service, keepAlive));
  }
}
