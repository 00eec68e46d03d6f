package io.ecsmedic.cli;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.check.PullFactsCollector;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pull-check}: why a task cannot pull its image, fetch its secrets or start its logs
 * (IMAGE_PULL, SECRETS_INIT, LOG_INIT). Read-only.
 */
@Command(
    name = "pull-check",
    mixinStandardHelpOptions = true,
    header = "Check a task's or a service's path to its image, secrets and logs.",
    description = {
      "Check a task's (or a service's) path to its image, secrets and logs: the image "
          + "and tag exist, the image platform matches runtimePlatform, the execution role "
          + "may pull, read the secrets and write the logs, and the subnets reach ECR (NAT, "
          + "internet gateway with a public IP, or the ecr.api / ecr.dkr / S3 gateway / "
          + "logs / secrets endpoints) with 443 egress.",
      "Read-only. Exit status: 0 no step failed, 1 a step failed, 2 bad options."
    })
final class PullCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--cluster", required = true, description = "cluster name or ARN")
  String cluster;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Subject subject;

  static final class Subject {
    @Option(names = "--task", description = "task id or ARN (a stopped task stays visible ~1 h)")
    String task;

    @Option(names = "--service", description = "service name: checks its current task definition")
    String service;
  }

  @Mixin CheckOptions options;

  @Override
  public Integer call() throws Exception {
    AwsClientFactory aws = options.clients(spec);
    return options.print(
        spec,
        new PullFactsCollector(CheckClients.of(aws), aws.settings().region(), Clock.systemUTC())
            .check(cluster, subject.task, subject.service));
  }
}
