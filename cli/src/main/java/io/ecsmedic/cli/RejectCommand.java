package io.ecsmedic.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reject}: stops a waiting remediation or ECR cleanup as the caller's AWS identity. */
@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    header = "Reject a waiting remediation or ECR cleanup with your own AWS identity.",
    description = {
      "Reject the pending approval of an incident (or ECR cleanup run): nothing is applied, and"
          + " the audit records your STS caller ARN and your reason.",
      "Needs the stack's ApproverPolicy (output ApproverPolicyArn) on your role. Exits 4 when"
          + " there is nothing to decide."
    })
final class RejectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INCIDENT", description = "incident id (or cleanup run id)")
  String incident;

  @Option(names = "--reason", description = "why, for the audit record")
  String reason;

  @Mixin ApprovalTableOption table;

  @Mixin AwsOptions where;

  @Override
  public Integer call() {
    return new ApprovalDecider(where.clients(spec), table.name(spec))
        .decide(incident, false, reason, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
