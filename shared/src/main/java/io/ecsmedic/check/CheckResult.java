package io.ecsmedic.check;

import java.util.Objects;

/**
 * One step of a checklist, as on-call reads it: what was checked, the verdict, the evidence that
 * decided it, and the fix when it failed. UNKNOWN says honestly that the evidence could not be
 * read; it is never rounded up to PASS.
 *
 * @param fix what to change; null unless the step failed
 */
public record CheckResult(String step, Status status, String evidence, String fix) {
  public enum Status {
    PASS,
    FAIL,
    UNKNOWN
  }

  public CheckResult {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(evidence, "evidence");
  }

  static CheckResult pass(String step, String evidence) {
    return new CheckResult(step, Status.PASS, evidence, null);
  }

  static CheckResult fail(String step, String evidence, String fix) {
    return new CheckResult(step, Status.FAIL, evidence, fix);
  }

  static CheckResult unknown(String step, String why) {
    return new CheckResult(step, Status.UNKNOWN, why, null);
  }
}
