package io.ecsmedic.aws.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.evidence.StoppedTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * The reader's promises that the emulator cannot show: a log read that hangs costs the alert no
 * more than the budget, and a throttled one comes back as a note. Narrow fakes answer the two calls
 * the reader makes; the real calls are exercised against the emulator in LastWordsIT (local).
 */
class LogExcerptReaderTest {
  private static final StoppedTask TASK =
      new StoppedTask(
          "arn:aws:ecs:us-east-1:123456789012:task/prod/0f3c5b1e",
          "arn:aws:ecs:us-east-1:123456789012:task-definition/orders-api:7",
          "app");
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void release() {
    release.countDown();
  }

  private static EcsClient ecs(String driver) {
    return new EcsClient() {
      @Override
      public DescribeTaskDefinitionResponse describeTaskDefinition(
          DescribeTaskDefinitionRequest request) {
        return DescribeTaskDefinitionResponse.builder()
            .taskDefinition(
                t ->
                    t.containerDefinitions(
                        ContainerDefinition.builder()
                            .name("app")
                            .logConfiguration(
                                l ->
                                    l.logDriver(driver)
                                        .options(
                                            java.util.Map.of(
                                                "awslogs-group", "/ecs/orders",
                                                "awslogs-stream-prefix", "ecs")))
                            .build()))
            .build();
      }

      @Override
      public String serviceName() {
        return "ecs";
      }

      @Override
      public void close() {}
    };
  }

  private static CloudWatchLogsClient logs(Supplier<GetLogEventsResponse> answer) {
    return new CloudWatchLogsClient() {
      @Override
      public GetLogEventsResponse getLogEvents(GetLogEventsRequest request) {
        return answer.get();
      }

      @Override
      public String serviceName() {
        return "logs";
      }

      @Override
      public void close() {}
    };
  }

  /** A generous budget: these tests are about what was read, not when. */
  private static LogExcerptReader reader(EcsClient ecs, CloudWatchLogsClient logs) {
    return reader(ecs, logs, Duration.ofSeconds(10));
  }

  private static LogExcerptReader reader(
      EcsClient ecs, CloudWatchLogsClient logs, Duration budget) {
    return new LogExcerptReader(ecs, logs, new LogExcerptReader.Limits(20, 4096, budget));
  }

  @Test
  void readsTheTasksOwnStreamRedacted() {
    LogExcerpt e =
        reader(
                ecs("awslogs"),
                logs(
                    () ->
                        GetLogEventsResponse.builder()
                            .events(
                                OutputLogEvent.builder().message("starting").build(),
                                OutputLogEvent.builder().message("DB_PASSWORD=hunter2").build())
                            .build()))
            .read(TASK);

    assertThat(e.status()).isEqualTo(LogExcerpt.Status.READ);
    assertThat(e.where()).isEqualTo("awslogs /ecs/orders ecs/app/0f3c5b1e");
    assertThat(e.lines()).containsExactly("starting", "DB_PASSWORD=[REDACTED]");
  }

  @Test
  void aReadThatHangsCostsNoMoreThanTheBudget() {
    LogExcerptReader reader =
        reader(
            ecs("awslogs"),
            logs(
                () -> {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return GetLogEventsResponse.builder().build();
                }),
            Duration.ofMillis(300));

    long started = System.nanoTime();
    LogExcerpt e = reader.read(TASK);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(e.status()).isEqualTo(LogExcerpt.Status.TIMED_OUT);
    assertThat(e.note()).isEqualTo("not read within 300 ms");
    assertThat(millis).isBetween(250L, 1_500L);
  }

  @Test
  void aThrottledReadIsANoteNotAFailureOfTheAlert() {
    LogExcerpt e =
        reader(
                ecs("awslogs"),
                logs(
                    () -> {
                      throw (CloudWatchLogsException)
                          CloudWatchLogsException.builder()
                              .statusCode(400)
                              .awsErrorDetails(
                                  AwsErrorDetails.builder()
                                      .errorCode("ThrottlingException")
                                      .errorMessage("Rate exceeded")
                                      .build())
                              .build();
                    }))
            .read(TASK);

    assertThat(e.status()).isEqualTo(LogExcerpt.Status.FAILED);
    assertThat(e.note()).isEqualTo("ThrottlingException (HTTP 400)");
    assertThat(e.title()).isEqualTo("Log lines of app not read: ThrottlingException (HTTP 400)");
  }

  @Test
  void fireLensLogsAreNamedNotRead() {
    LogExcerpt e =
        reader(
                ecs(LogDriver.AWSFIRELENS.toString()),
                logs(
                    () -> {
                      throw new AssertionError("FireLens logs are not read");
                    }))
            .read(TASK);

    assertThat(e.status()).isEqualTo(LogExcerpt.Status.ELSEWHERE);
    assertThat(e.title()).startsWith("Logs of app: FireLens");
    assertThat(e.lines()).isEqualTo(List.of());
  }
}
