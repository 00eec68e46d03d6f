package io.ecsmedic.change;

/**
 * A service deployment's outcome as ECS's {@code DescribeServiceDeployments} reports it, in words
 * that never call a rollback a success: ROLLBACK_SUCCESSFUL means the new revision failed and the
 * old one runs again.
 */
public enum DeploymentOutcome {
  IN_PROGRESS("in progress", false),
  SUCCESSFUL("successful", true),
  ROLLED_BACK("rolled back: the new revision failed and the service runs the previous one", true),
  ROLLBACK_FAILED("rollback failed: neither the new nor the previous revision is running", true),
  STOPPED("stopped before it completed", true),
  UNKNOWN("outcome unknown: ECS's deployment history did not say", false);

  private final String words;
  private final boolean terminal;

  DeploymentOutcome(String words, boolean terminal) {
    this.words = words;
    this.terminal = terminal;
  }

  /** From ECS's {@code ServiceDeploymentStatus} (PENDING, IN_PROGRESS, ROLLBACK_SUCCESSFUL …). */
  public static DeploymentOutcome ofEcsStatus(String status) {
    if (status == null) {
      return UNKNOWN;
    }
    return switch (status) {
      case "PENDING",
          "IN_PROGRESS",
          "ROLLBACK_REQUESTED",
          "ROLLBACK_IN_PROGRESS",
          "STOP_REQUESTED" ->
          IN_PROGRESS;
      case "SUCCESSFUL" -> SUCCESSFUL;
      case "ROLLBACK_SUCCESSFUL" -> ROLLED_BACK;
      case "ROLLBACK_FAILED" -> ROLLBACK_FAILED;
      case "STOPPED" -> STOPPED;
      default -> UNKNOWN;
    };
  }

  /** For a person: "rolled back: the new revision failed …". */
  public String words() {
    return words;
  }

  /** Whether the deployment is over: its incident can say how it ended. */
  public boolean terminal() {
    return terminal;
  }
}
