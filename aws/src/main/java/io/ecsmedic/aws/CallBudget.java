package io.ecsmedic.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one SDK call may take: {@code call} covers the whole call with its retries, {@code
 * attempt} one HTTP attempt. A hung connection then fails an attempt (and is retried) instead of
 * eating the caller's whole Lambda timeout.
 *
 * @param call the whole call, retries and back-off included
 * @param attempt one attempt; at most {@code call}
 */
public record CallBudget(Duration call, Duration attempt) {
  /**
   * What every function and the CLI use: 8 s for a call, 4 s for an attempt, so one retry of a hung
   * attempt still fits. AWS control-plane calls answer in well under a second; a Lambda step (30 s)
   * makes a handful of them, so no single slow API can time the step out.
   */
  public static final CallBudget STANDARD =
      new CallBudget(Duration.ofSeconds(8), Duration.ofSeconds(4));

  public CallBudget {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(attempt, "attempt");
    if (call.isNegative() || call.isZero() || attempt.isNegative() || attempt.isZero()) {
      throw new IllegalArgumentException(
          "a call budget must be positive: " + call + ", " + attempt);
    }
    if (attempt.compareTo(call) > 0) {
      throw new IllegalArgumentException(
          "an attempt cannot outlast its call: " + attempt + " > " + call);
    }
  }
}
