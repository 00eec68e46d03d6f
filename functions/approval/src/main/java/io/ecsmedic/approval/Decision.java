package io.ecsmedic.approval;

import io.ecsmedic.aws.audit.ApprovalItem;
import java.time.Instant;

/**
 * One human decision on an incident's pending approval.
 *
 * @param approver who decided, as recorded (e.g. {@code alice (Slack U123)}, {@code signed-link
 *     from 203.0.113.9})
 * @param source {@link #SLACK} or {@link #LINK}
 * @param decidedAt when (millisecond precision, as stored)
 */
record Decision(
    String incidentId, boolean approved, String approver, String source, Instant decidedAt) {
  static final String SLACK = "slack";
  static final String LINK = "link";

  /** The status the approval item takes. */
  String status() {
    return approved ? ApprovalItem.APPROVED : ApprovalItem.REJECTED;
  }
}
