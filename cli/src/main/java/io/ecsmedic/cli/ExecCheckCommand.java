package io.ecsmedic.cli;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.check.ExecFactsCollector;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code exec-check}: why {@code aws ecs execute-command} fails on a task. Read-only. */
@Command(
    name = "exec-check",
    mixinStandardHelpOptions = true,
    header = "Check a task's ECS Exec prerequisites.",
    description = {
      "Check a task's ECS Exec prerequisites: running, enableExecuteCommand (and "
          + "whether the task predates it), platform / agent version, the managed agent, "
          + "the task role's ssmmessages permissions, the cluster's exec KMS key and "
          + "logging, the caller's ecs:ExecuteCommand, the ssmmessages route, pidMode, "
          + "restartPolicy, readonlyRootFilesystem, credentials in the environment. Whether "
          + "the agent's SSM channel is connected no API shows: that step is always "
          + "UNKNOWN, never a false all-green.",
      "Read-only. Exit status: 0 no step failed, 1 a step failed, 2 bad options."
    })
final class ExecCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--cluster", required = true, description = "cluster name or ARN")
  String cluster;

  @Option(names = "--task", required = true, description = "task id or ARN")
  String task;

  @Option(
      names = "--caller",
      description =
          "the IAM role/user ARN that runs execute-command (also an assumed-role session ARN), to check its ecs:ExecuteCommand")
  String caller;

  @Mixin CheckOptions options;

  @Override
  public Integer call() throws Exception {
    AwsClientFactory aws = options.clients(spec);
    return options.print(
        spec,
        new ExecFactsCollector(CheckClients.of(aws), aws.settings().region(), Clock.systemUTC())
            .check(cluster, task, caller));
  }
}
