package io.ecsmedic.cli;

/** Exit statuses. Non-zero only when the input itself cannot be read (DESIGN §3). */
final class Exit {
  static final int OK = 0;
  static final int UNREADABLE_INPUT = 2;

  private Exit() {}
}
