package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.CallBudget;
import io.ecsmedic.config.AwsSettings;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/** The digest function's SnapStart hooks: priming renders a digest without any AWS call. */
class DigestSnapStartTest {
  @Test
  void primingRendersADigestAndMakesNoAwsCall() throws Exception {
    AtomicInteger credentialsResolved = new AtomicInteger();
    DigestHandler handler =
        new DigestHandler(
            Map.of(
                "AUDIT_TABLE_NAME", "audit",
                "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:alerts"),
            new AwsClientFactory(
                // Nothing listens there: a call that got as far as connecting would fail.
                new AwsSettings("us-east-1", Optional.of(URI.create("http://127.0.0.1:9"))),
                // Every SDK call resolves its credentials first, so this counts every call.
                () -> {
                  credentialsResolved.incrementAndGet();
                  return AwsBasicCredentials.create("AKIDPRIMING", "not-a-secret");
                },
                CallBudget.STANDARD));

    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);

    assertThat(credentialsResolved).as("SDK calls attempted while priming").hasValue(0);
    assertThat(DigestPriming.prime()).contains("priming (prod)  OOM / CONTAINER_LIMIT");
  }
}
