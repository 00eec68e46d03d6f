package io.ecsmedic.aws.logs;

import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.evidence.LogLocation;
import io.ecsmedic.evidence.StoppedTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Reads a stopped task's container's last log lines: its task definition's log configuration says
 * where they are ({@link LogLocation}); for awslogs, one {@code GetLogEvents} from the end of the
 * task's own stream (so every line is from before the stop) gives the last {@link Limits#lines()}.
 *
 * <p>Never throws and never takes longer than {@link Limits#budget()}: the alert waits for this,
 * and a slow or failing read must cost it no more than the budget. The calls run on a daemon
 * thread; when the budget passes first, the excerpt says TIMED_OUT and the thread is interrupted
 * and left to finish on its own.
 */
public final class LogExcerptReader {
  /**
   * @param lines the most lines kept (the newest)
   * @param bytes the most bytes of lines kept
   * @param budget the longest the caller waits
   */
  public record Limits(int lines, int bytes, Duration budget) {}

  private static final ExecutorService READS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "log-excerpt");
            t.setDaemon(true);
            return t;
          });

  private final EcsClient ecs;
  private final CloudWatchLogsClient logs;
  private final Limits limits;

  public LogExcerptReader(EcsClient ecs, CloudWatchLogsClient logs, Limits limits) {
    this.ecs = ecs;
    this.logs = logs;
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  /** The excerpt, whatever happens: a failure or a timeout is its status and note. */
  public LogExcerpt read(StoppedTask task) {
    Future<LogExcerpt> read = READS.submit(() -> readNow(task));
    try {
      return read.get(limits.budget().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      read.cancel(true);
      return LogExcerpt.none(
          LogExcerpt.Status.TIMED_OUT,
          task.container(),
          null,
          "not read within " + limits.budget().toMillis() + " ms");
    } catch (ExecutionException e) {
      return LogExcerpt.none(
          LogExcerpt.Status.FAILED, task.container(), null, describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      read.cancel(true);
      return LogExcerpt.none(LogExcerpt.Status.FAILED, task.container(), null, "interrupted");
    }
  }

  private LogExcerpt readNow(StoppedTask task) {
    TaskDefinition td;
    try {
      td =
          ecs.describeTaskDefinition(r -> r.taskDefinition(task.taskDefinitionArn()))
              .taskDefinition();
    } catch (SdkException e) {
      return LogExcerpt.none(
          LogExcerpt.Status.FAILED,
          task.container(),
          null,
          "task definition not read: " + describe(e));
    }
    ContainerDefinition container = container(td, task.container());
    if (container == null) {
      return LogExcerpt.none(
          LogExcerpt.Status.ELSEWHERE,
          task.container(),
          "no container definition",
          "the task definition has no such container");
    }
    var config = container.logConfiguration();
    LogLocation where =
        LogLocation.of(
            config == null ? null : config.logDriverAsString(),
            config == null ? java.util.Map.of() : config.options(),
            container.name(),
            task.taskId());
    if (!where.readable()) {
      return LogExcerpt.none(LogExcerpt.Status.ELSEWHERE, container.name(), where.where(), null);
    }
    try {
      List<String> lines =
          logs
              .getLogEvents(
                  r ->
                      r.logGroupName(where.group())
                          .logStreamName(where.stream())
                          .startFromHead(false)
                          .limit(limits.lines()))
              .events()
              .stream()
              .map(OutputLogEvent::message)
              .toList();
      return LogExcerpt.read(
          container.name(), where.where(), lines, limits.lines(), limits.bytes());
    } catch (ResourceNotFoundException e) {
      return LogExcerpt.none(
          LogExcerpt.Status.EMPTY, container.name(), where.where(), "no such log stream (yet)");
    } catch (SdkException e) {
      return LogExcerpt.none(
          LogExcerpt.Status.FAILED, container.name(), where.where(), describe(e));
    }
  }

  /** The named container; without a name, the first essential one that logs, else the first. */
  private static ContainerDefinition container(TaskDefinition td, String name) {
    List<ContainerDefinition> all = td.containerDefinitions();
    if (name != null) {
      return all.stream().filter(c -> name.equals(c.name())).findFirst().orElse(null);
    }
    return all.stream()
        .filter(c -> !Boolean.FALSE.equals(c.essential()) && c.logConfiguration() != null)
        .findFirst()
        .orElse(all.isEmpty() ? null : all.getFirst());
  }

  /** An error code or exception type, never a message that could quote a request. */
  static String describe(Throwable e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      return a.awsErrorDetails().errorCode() + " (HTTP " + a.statusCode() + ")";
    }
    return e.getClass().getSimpleName();
  }
}
