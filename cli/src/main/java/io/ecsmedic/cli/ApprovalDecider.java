package io.ecsmedic.cli;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.approval.Approvals;
import io.ecsmedic.aws.approval.Decision;
import io.ecsmedic.aws.approval.DynamoApprovalStore;
import io.ecsmedic.aws.approval.StepFunctionsWorkflow;
import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.AuditTable;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What {@code approve} and {@code reject} do: read the pending request, name the caller by STS
 * GetCallerIdentity, and decide through {@link Approvals}, the same conditional write and the same
 * answer to Step Functions as the approval function. No shared secret: IAM decides who may (the
 * stack's ApproverPolicy), and the audit names the caller's ARN.
 */
final class ApprovalDecider {
  private final AwsClientFactory aws;
  private final AuditTable table;

  ApprovalDecider(AwsClientFactory aws, String tableName) {
    this.aws = aws;
    this.table =
        new AuditTable(aws.client(DynamoDbClient.class, DynamoDbClient::builder), tableName);
  }

  /**
   * Decides the approval under {@code key}; prints what happened.
   *
   * @param reason why it was rejected; null for none (or an approval)
   * @return {@link Exit#OK} when decided, {@link Exit#NOT_DECIDED} when there was nothing to decide
   */
  int decide(String key, boolean approve, String reason, PrintWriter out, PrintWriter err) {
    Optional<ApprovalItem> pending = table.approval(key);
    if (pending.isEmpty() || !pending.get().pending()) {
      err.println(
          pending
              .map(i -> "nothing decided: " + key + " is " + i.status().toLowerCase())
              .orElse("nothing decided: no approval is waiting for " + key));
      return Exit.NOT_DECIDED;
    }
    ApprovalItem item = pending.get();
    String caller = aws.client(StsClient.class, StsClient::builder).getCallerIdentity().arn();
    Approvals approvals =
        new Approvals(
            new DynamoApprovalStore(table),
            new StepFunctionsWorkflow(aws.client(SfnClient.class, SfnClient::builder)),
            Clock.systemUTC());
    Approvals.Result result =
        approvals.decide(key, approve, caller, Decision.CLI, item.nonce(), reason);
    if (result.outcome() != Approvals.Outcome.DECIDED) {
      err.println("nothing decided: " + result.reason());
      return Exit.NOT_DECIDED;
    }
    out.println(
        (approve ? "Approved " : "Rejected ")
            + key
            + " ("
            + item.summary()
            + ") as "
            + result.decision().approver()
            + (approve ? "; ecs-medic re-checks, then applies." : "; nothing will be applied."));
    return Exit.OK;
  }
}
