package io.ecsmedic.aws.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads optional evidence within a time budget. A read that fails (AccessDenied, throttling, a
 * timeout) or comes after the budget is spent yields null and a note saying why, so the checklist
 * step that needed it says UNKNOWN instead of the whole check failing.
 */
public final class Gather {
  private final Clock clock;
  private final Instant deadline;
  private final Duration budget;
  private final List<String> notes = new ArrayList<>();

  public Gather(Clock clock, Duration budget) {
    this.clock = clock;
    this.budget = budget;
    this.deadline = clock.instant().plus(budget);
  }

  /** The value {@code read} returns, or null (with a note) when it could not be read. */
  public <T> T optional(String what, Supplier<T> read) {
    if (clock.instant().isAfter(deadline)) {
      notes.add(what + ": skipped, the evidence budget of " + budget.toSeconds() + " s is spent");
      return null;
    }
    try {
      return read.get();
    } catch (SdkException e) {
      notes.add(what + ": not available (" + code(e) + ")");
      return null;
    }
  }

  /**
   * Starts {@code read} now, on a virtual thread, for a caller that has other independent reads to
   * issue before it needs this one's value: the reads' round trips overlap instead of adding up.
   * {@link Pending#get} gives what {@link #optional} would have given, and writes the note (if any)
   * then, so the notes keep the order the caller asks for the values in, whatever order the answers
   * come in. {@code read} must not call this {@code Gather}.
   */
  public <T> Pending<T> start(String what, Supplier<T> read) {
    if (clock.instant().isAfter(deadline)) {
      return () -> optional(what, read);
    }
    CompletableFuture<T> running = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("gather-" + what)
        .start(
            () -> {
              try {
                running.complete(read.get());
              } catch (RuntimeException | Error e) {
                running.completeExceptionally(e);
              }
            });
    return () -> {
      try {
        return running.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof SdkException sdk) {
          notes.add(what + ": not available (" + code(sdk) + ")");
          return null;
        }
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    };
  }

  /** A read {@link #start}ed earlier; {@link #get} waits for it. */
  @FunctionalInterface
  public interface Pending<T> {
    /** The value, or null (with a note) when it could not be read. */
    T get();
  }

  /** Runs {@code read} for its side effects; when it cannot, a note says why. */
  public void run(String what, Runnable read) {
    optional(
        what,
        () -> {
          read.run();
          return Boolean.TRUE;
        });
  }

  /** Adds a note of evidence that is missing for a reason other than a failed call. */
  public void note(String note) {
    notes.add(note);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  static String code(SdkException e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      return a.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}
