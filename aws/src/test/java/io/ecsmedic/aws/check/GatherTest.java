package io.ecsmedic.aws.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class GatherTest {
  private final Gather gather = new Gather(Clock.systemUTC(), Duration.ofSeconds(10));

  @Test
  void startedReadsRunTogetherAndTheirNotesKeepTheOrderTheValuesAreAskedFor() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Gather.Pending<String> first =
        gather.start(
            "first",
            () -> {
              bothStarted.countDown();
              await(bothStarted);
              throw denied();
            });
    Gather.Pending<String> second =
        gather.start(
            "second",
            () -> {
              bothStarted.countDown();
              await(bothStarted);
              return "value";
            });

    assertThat(second.get()).isEqualTo("value");
    assertThat(first.get()).isNull();
    assertThat(gather.notes()).containsExactly("first: not available (AccessDenied)");
  }

  @Test
  void aFailureThatIsNotAnAwsCallIsThrownWhereTheValueIsAskedFor() {
    Gather.Pending<String> broken =
        gather.start(
            "broken",
            () -> {
              throw new IllegalStateException("a bug");
            });

    assertThatThrownBy(broken::get).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
  }

  private static AwsServiceException denied() {
    return AwsServiceException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build())
        .build();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(5, TimeUnit.SECONDS)) {
        throw new AssertionError("the two reads did not run at the same time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
