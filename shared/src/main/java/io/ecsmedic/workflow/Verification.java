package io.ecsmedic.workflow;

/**
 * One check of the Verify loop ({@code verify} in the state; Verified and Outcome read {@code
 * status}).
 *
 * @param attempt how many checks have run, this one included
 */
public record Verification(int attempt, Status status, String detail) {

  /** What the check saw (Verifier's javadoc says when each applies). */
  public enum Status {
    IN_PROGRESS,
    STEADY,
    FAILED,
    ROLLED_BACK,
    NOT_VERIFIED
  }
}
