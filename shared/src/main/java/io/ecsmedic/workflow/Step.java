package io.ecsmedic.workflow;

/** The remediation function's steps, by the name the state machine sends in {@code step}. */
public enum Step {
  ENRICH("enrich"),
  PLAN("plan"),
  REQUEST_APPROVAL("requestApproval"),
  RECHECK("recheck"),
  APPLY("apply"),
  VERIFY("verify"),
  RECORD("record");

  private final String wireName;

  Step(String wireName) {
    this.wireName = wireName;
  }

  /** The step the state machine names; unknown names are refused. */
  public static Step named(String name) {
    for (Step s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown step '" + name + "'");
  }

  public String wireName() {
    return wireName;
  }
}
