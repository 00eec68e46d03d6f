package io.ecsmedic.aws.change;

import io.ecsmedic.change.ChangeReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link ChangeCollector} within a time budget, so the alert never waits on CloudTrail: when
 * the budget runs out the alert gets what was read so far (the ECS part, usually) and a note; when
 * a call fails, the same. Never throws.
 */
public final class ChangeBudget {
  private final ChangeCollector collector;
  private final Duration budget;

  public ChangeBudget(ChangeCollector collector, Duration budget) {
    this.collector = collector;
    this.budget = budget;
  }

  public ChangeReport collect(ChangeCollector.Request request) {
    AtomicReference<ChangeReport> partial =
        new AtomicReference<>(ChangeReport.nothing(request.failureAt(), List.of()));
    FutureTask<ChangeReport> task =
        new FutureTask<>(() -> collector.collect(request, partial::set));
    Thread worker = new Thread(task, "what-changed");
    worker.setDaemon(true);
    worker.start();
    try {
      return task.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      return withNote(
          partial.get(), "what changed: not all read within " + budget.toMillis() + " ms");
    } catch (ExecutionException e) {
      return withNote(
          partial.get(), "what changed: not all read, " + e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return withNote(partial.get(), "what changed: interrupted");
    }
  }

  private static ChangeReport withNote(ChangeReport r, String note) {
    List<String> notes = new ArrayList<>(r.notes());
    notes.add(note);
    return new ChangeReport(
        r.failureAt(),
        r.failingRevision(),
        r.healthyRevision(),
        r.diff(),
        r.deployment(),
        r.events(),
        notes);
  }
}
