package io.ecsmedic.workflow;

/** How an execution ended: the Pass states' {@code outcome}, which the Record step records. */
public enum Outcome {
  NOTHING_TO_APPLY,
  OBSERVED,
  REJECTED,
  APPROVAL_TIMED_OUT,
  ABORTED,
  APPLIED,
  ERROR,
  /** The plan joined another incident's open proposal of the same change. */
  JOINED
}
