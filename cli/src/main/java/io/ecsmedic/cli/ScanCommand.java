package io.ecsmedic.cli;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.posture.PostureCollector;
import io.ecsmedic.posture.RuleStatus;
import io.ecsmedic.posture.ScanDiff;
import io.ecsmedic.posture.ScanReport;
import io.ecsmedic.posture.ScanText;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scan}: the fleet posture scan, judged against the catalogue in docs/posture.md. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    header = "Scan every service of the clusters against the ECS posture rules.",
    description = {
      "Scan every service of the clusters against the ECS posture rules (docs/posture.md): "
          + "circuit breaker, grace period, deregistration delay, single-task deployments, "
          + "platform version, awslogs mode, dependsOn HEALTHY, startTimeout, secrets in the "
          + "environment, task / execution roles, Spot base, stopTimeout, ECS Exec, Fargate "
          + "sizes, image digests, container health checks. Each rule is PASS, FAIL with the "
          + "fix, UNKNOWN when what it needs could not be read, or MUTED by a "
          + "ecs-medic:mute:<rule> tag on the service.",
      "Read-only. Exit status: 0 no rule failed, 1 a rule failed, 2 bad options or an "
          + "unreadable --since file."
    })
final class ScanCommand implements Callable<Integer> {
  enum Format {
    text,
    json,
    markdown
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--cluster",
      required = true,
      description = "a cluster name or ARN; repeat for more clusters")
  List<String> clusters;

  @Option(
      names = {"-o", "--format"},
      description = "text, json or markdown (default: ${DEFAULT-VALUE})")
  Format format = Format.text;

  @Option(
      names = "--since",
      paramLabel = "FILE",
      description = "an earlier scan (--format json) to diff against: what is new, what resolved")
  Path since;

  @Option(
      names = "--max-calls",
      description = "AWS calls the scan may make at most (default: ${DEFAULT-VALUE})")
  int maxCalls = PostureCollector.Limits.STANDARD.maxCalls();

  @Mixin AwsOptions aws;

  @Override
  public Integer call() throws Exception {
    ScanReport previous = since == null ? null : previous();
    AwsClientFactory clients = aws.clients(spec);
    ScanReport scan =
        new PostureCollector(
                CheckClients.of(clients),
                Clock.systemUTC(),
                new PostureCollector.Limits(Duration.ofMinutes(10), maxCalls))
            .scan(clusters);
    ScanDiff diff = previous == null ? null : scan.diff(previous);
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case json -> out.println(scan.toJson());
      case markdown -> out.print(ScanText.markdown(scan, diff));
      case text -> out.print(ScanText.text(scan, diff));
    }
    out.flush();
    return scan.count(RuleStatus.FAIL) > 0 ? Exit.CHECK_FAILED : Exit.OK;
  }

  private ScanReport previous() {
    try {
      return ScanReport.fromJson(Files.readString(since, StandardCharsets.UTF_8));
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--since " + since + ": not a readable scan (" + e.getMessage() + ")");
    }
  }
}
