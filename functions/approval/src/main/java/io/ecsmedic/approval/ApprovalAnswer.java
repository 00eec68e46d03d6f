package io.ecsmedic.approval;

import io.ecsmedic.aws.audit.ApprovalItem;

/**
 * What the approval function answers one request with, before it becomes a function URL response
 * ({@link ApprovalHandler}): the outcome of {@link ApprovalRoutes}, free of HTTP framing.
 */
sealed interface ApprovalAnswer {
  /** The HTTP status. */
  int status();

  /**
   * Plain text: Slack's acknowledgement of a button, or a refusal of a request no person reads as a
   * page.
   *
   * @param allow the methods the route takes, for a 405; null otherwise
   */
  record Text(int status, String text, String allow) implements ApprovalAnswer {
    Text(int status, String text) {
      this(status, text, null);
    }
  }

  /** A short page for a person who followed a signed link: a heading and one sentence. */
  record Page(int status, String heading, String message) implements ApprovalAnswer {}

  /** The confirmation form of a pending approval (a GET of a valid link decides nothing). */
  record Confirmation(ApprovalItem item, LinkParams link) implements ApprovalAnswer {
    @Override
    public int status() {
      return 200;
    }
  }
}
