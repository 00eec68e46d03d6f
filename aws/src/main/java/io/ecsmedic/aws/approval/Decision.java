package io.ecsmedic.aws.approval;

import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.AuditText;
import java.time.Instant;

/**
 * One human decision on a pending approval.
 *
 * @param incidentId the approval's key: an incident id, or an ECR cleanup run id
 * @param approver who decided, as recorded (e.g. {@code alice (Slack U123)}, {@code signed link,
 *     request 1f2e3d4c, from 203.0.113.9, user-agent …}, {@code arn:aws:sts::…:assumed-role/…}),
 *     passed through {@link AuditText} here, so the workflow's record gets the same text as the
 *     approval item
 * @param source {@link #SLACK}, {@link #LINK} or {@link #CLI}
 * @param decidedAt when (millisecond precision, as stored)
 * @param nonce the request the decider saw (a link's, the CLI's read); null: whichever is pending
 *     (a Slack button, which only allow-listed people can press)
 */
public record Decision(
    String incidentId,
    boolean approved,
    String approver,
    String source,
    Instant decidedAt,
    String nonce) {
  public static final String SLACK = "slack";
  public static final String LINK = "link";
  public static final String CLI = "cli";

  public Decision {
    approver = AuditText.identity(approver);
  }

  /** The status the approval item takes. */
  public String status() {
    return approved ? ApprovalItem.APPROVED : ApprovalItem.REJECTED;
  }
}
