package io.ecsmedic.cli;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.posture.PostureCollector;
import io.ecsmedic.posture.PostureRule;
import io.ecsmedic.posture.PostureRules;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

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
      "The weekly PostureScanFunction stores its report in the audit table: --stored prints "
          + "the latest, --since-stored diffs a scan against it.",
      "--propose RULE --cluster C --service S re-reads that service and, when the rule fails "
          + "now and names a workflow action, starts the remediation workflow in PROPOSE mode: "
          + "a human approves (ecs-medic approve INCIDENT); the scan itself changes nothing.",
      "Read-only but for --propose, which starts that workflow. Exit status: 0 no rule failed (or a proposal started), 1 a rule failed, 2 bad "
          + "options or an unreadable --since file, 5 --propose refused."
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
      description = "a cluster name or ARN; repeat for more clusters (needed unless --stored)")
  List<String> clusters;

  @Option(
      names = "--stored",
      description =
          "print the scheduled scan's latest stored report (with what is new since the one"
              + " before) instead of scanning; needs --table")
  boolean stored;

  @Option(
      names = "--since-stored",
      description = "diff this scan against the latest stored scan; needs --table")
  boolean sinceStored;

  @Mixin ApprovalTableOption table;

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

  @Option(
      names = "--propose",
      paramLabel = "RULE",
      description =
          "propose the fix of this failing rule (e.g. posture.circuit-breaker) for --service"
              + " through the remediation workflow, for a human to approve")
  String propose;

  @Option(names = "--service", description = "the service of --propose")
  String service;

  @Option(
      names = "--state-machine-arn",
      description =
          "the RemediationStateMachineArn stack output, for --propose (default:"
              + " $ECS_MEDIC_STATE_MACHINE_ARN)")
  String stateMachineArn = System.getenv("ECS_MEDIC_STATE_MACHINE_ARN");

  @Option(
      names = "--audit-retention-days",
      description =
          "how long the proposal's audit records are kept: the stack's AuditRetentionDays"
              + " (default: ${DEFAULT-VALUE})")
  int auditRetentionDays = 90;

  @Mixin AwsOptions aws;

  @Override
  public Integer call() throws Exception {
    if (propose != null) {
      return propose();
    }
    if (!stored && (clusters == null || clusters.isEmpty())) {
      throw new ParameterException(spec.commandLine(), "pass --cluster, or --stored");
    }
    AwsClientFactory clients = aws.clients(spec);
    List<ScanReport> storedScans =
        stored || sinceStored ? storedScans(clients, stored ? 2 : 1) : List.of();
    ScanReport scan;
    ScanReport previous;
    if (stored) {
      if (storedScans.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "no stored scan in " + table.table);
      }
      scan = storedScans.getFirst();
      previous = storedScans.size() > 1 ? storedScans.get(1) : null;
    } else {
      previous = since != null ? previous() : storedScans.isEmpty() ? null : storedScans.getFirst();
      scan =
          new PostureCollector(
                  CheckClients.of(clients),
                  Clock.systemUTC(),
                  new PostureCollector.Limits(Duration.ofMinutes(10), maxCalls))
              .scan(clusters);
    }
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

  private int propose() {
    PostureRule rule =
        PostureRules.byId(propose)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(), "--propose: no posture rule " + propose));
    if (clusters == null || clusters.size() != 1 || service == null) {
      throw new ParameterException(
          spec.commandLine(), "--propose needs one --cluster and --service");
    }
    if (auditRetentionDays < 1) {
      throw new ParameterException(spec.commandLine(), "--audit-retention-days must be 1 or more");
    }
    if (stateMachineArn == null || stateMachineArn.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "--propose needs --state-machine-arn or ECS_MEDIC_STATE_MACHINE_ARN");
    }
    AwsClientFactory clients = aws.clients(spec);
    PostureFixProposer proposer =
        new PostureFixProposer(
            new PostureCollector(
                CheckClients.of(clients),
                Clock.systemUTC(),
                new PostureCollector.Limits(Duration.ofMinutes(1), maxCalls)),
            clients.client(SfnClient.class, SfnClient::builder),
            stateMachineArn,
            Duration.ofDays(auditRetentionDays),
            Clock.systemUTC());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int exit = proposer.propose(clusters.getFirst(), service, rule, out, err);
    out.flush();
    err.flush();
    return exit;
  }

  /** The newest stored scans, newest first. */
  private List<ScanReport> storedScans(AwsClientFactory clients, int n) {
    return new AuditTable(
            clients.client(DynamoDbClient.class, DynamoDbClient::builder), table.name(spec))
        .latestPostureScans(n).stream().map(ScanReport::fromJson).toList();
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
