package io.ecsmedic.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code approve}: releases a waiting remediation or ECR cleanup as the caller's AWS identity. */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    header = "Approve a waiting remediation or ECR cleanup with your own AWS identity.",
    description = {
      "Approve the pending approval of an incident (or ECR cleanup run): the same single decision"
          + " the Slack button or link makes, recorded with your STS caller ARN as the approver.",
      "Needs the stack's ApproverPolicy (output ApproverPolicyArn) on your role; no shared secret"
          + " is involved. Exits 4 when there is nothing to decide."
    })
final class ApproveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INCIDENT", description = "incident id (or cleanup run id)")
  String incident;

  @Mixin ApprovalTableOption table;

  @Mixin AwsOptions where;

  @Override
  public Integer call() {
    return new ApprovalDecider(where.clients(spec), table.name(spec))
        .decide(incident, true, null, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
