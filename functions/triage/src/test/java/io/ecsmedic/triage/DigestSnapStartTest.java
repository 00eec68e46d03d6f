package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.testing.NoAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The digest function's SnapStart hooks: priming renders a digest without any AWS call. */
class DigestSnapStartTest {
  @Test
  void primingRendersADigestAndMakesNoAwsCall() throws Exception {
    NoAws noAws = new NoAws("us-east-1");
    DigestHandler handler =
        new DigestHandler(
            Map.of(
                "AUDIT_TABLE_NAME", "audit",
                "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:alerts"),
            noAws.factory());

    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);

    assertThat(noAws.attempts()).as("SDK calls attempted while priming").isZero();
    assertThat(DigestPriming.prime()).contains("priming (prod)  OOM / CONTAINER_LIMIT");
  }
}
