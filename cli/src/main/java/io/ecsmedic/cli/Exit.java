package io.ecsmedic.cli;

/**
 * Exit statuses. The read-only commands are non-zero only when the input itself cannot be read
 * (docs/architecture.md, "The CLI"); ecr-apply also when AWS refused part of a change, the checkers
 * when a step failed, approve / reject when nothing was decided.
 */
final class Exit {
  static final int OK = 0;

  /** A checker (alb-check, exec-check, pull-check) found a failing step. */
  static final int CHECK_FAILED = 1;

  static final int UNREADABLE_INPUT = 2;

  /** An AWS change was refused in part (e.g. ECR would not delete some images). */
  static final int PARTLY_REFUSED = 3;

  /** approve / reject decided nothing: no pending approval, already decided, expired. */
  static final int NOT_DECIDED = 4;

  /** scan --propose started nothing: the rule does not fail now, or has no workflow action. */
  static final int NOT_PROPOSED = 5;

  private Exit() {}
}
