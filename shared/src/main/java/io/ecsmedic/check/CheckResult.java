package io.ecsmedic.check;

import java.util.Objects;

/**
 * One step of a checklist, as on-call reads it: what was checked, the verdict, the evidence that
 * decided it, and the fix when it failed. UNKNOWN says honestly that the evidence could not be
 * read; it is never rounded up to PASS.
 *
 * @param id the step's stable id ({@link CheckStep#id()})
 * @param step the step's title
 * @param fix what to change; null unless the step failed
 */
public record CheckResult(String id, String step, Status status, String evidence, String fix) {
  public enum Status {
    PASS,
    FAIL,
    UNKNOWN
  }

  public CheckResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(evidence, "evidence");
    if (status == Status.FAIL && (fix == null || fix.isBlank())) {
      throw new IllegalArgumentException(id + ": a failed step must say the fix");
    }
  }

  public static CheckResult pass(CheckStep check, String evidence) {
    return new CheckResult(check.id(), check.title(), Status.PASS, evidence, null);
  }

  public static CheckResult fail(CheckStep check, String evidence, String fix) {
    return new CheckResult(check.id(), check.title(), Status.FAIL, evidence, fix);
  }

  public static CheckResult unknown(CheckStep check, String why) {
    return new CheckResult(check.id(), check.title(), Status.UNKNOWN, why, null);
  }
}
