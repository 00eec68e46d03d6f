package io.ecsmedic.workflow;

/**
 * The Re-check step's verdict ({@code recheck} in the state; RecheckPassed reads {@code ok}).
 *
 * @param reason why it refused; null when it passed
 */
public record Recheck(boolean ok, String reason) {
  public static Recheck passed() {
    return new Recheck(true, null);
  }

  public static Recheck refused(String reason) {
    return new Recheck(false, reason);
  }
}
