package io.ecsmedic.aws.posture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The scan's reads, counted and bounded: at most {@code maxCalls} AWS calls and {@code time} in
 * all. A read that fails (AccessDenied, a throttle after the SDK's retries) or comes after the
 * budget is spent yields null and a note, so the rules that needed it say UNKNOWN and the scan goes
 * on: a fleet scan never fails for one service.
 */
final class ReadBudget {
  private final Clock clock;
  private final Instant started;
  private final Instant deadline;
  private final int maxCalls;
  private int calls;

  ReadBudget(Clock clock, Duration time, int maxCalls) {
    this.clock = clock;
    this.started = clock.instant();
    this.deadline = started.plus(time);
    this.maxCalls = maxCalls;
  }

  /** One AWS call's result, or null with a note in {@code notes} when it could not be made. */
  <T> T read(String what, Supplier<T> call, List<String> notes) {
    if (calls >= maxCalls) {
      notes.add(what + ": skipped, the scan's budget of " + maxCalls + " calls is spent");
      return null;
    }
    if (clock.instant().isAfter(deadline)) {
      notes.add(what + ": skipped, the scan's time budget is spent");
      return null;
    }
    calls++;
    try {
      return call.get();
    } catch (SdkException e) {
      notes.add(what + ": not available (" + code(e) + ")");
      return null;
    }
  }

  int calls() {
    return calls;
  }

  long elapsedMillis() {
    return Duration.between(started, clock.instant()).toMillis();
  }

  private static String code(SdkException e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      return a.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}
