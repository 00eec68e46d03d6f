package io.ecsmedic.aws.testing;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.CallBudget;
import io.ecsmedic.config.AwsSettings;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * A client factory for code that must not call AWS (a function's SnapStart priming): every client
 * points at a port nothing listens on, and every call attempt is counted, because the SDK resolves
 * credentials before it sends anything.
 */
public final class NoAws {
  /** Nothing listens there: a call that got as far as connecting would fail. */
  public static final URI CLOSED_PORT = URI.create("http://127.0.0.1:9");

  private final AtomicInteger attempts = new AtomicInteger();
  private final AwsClientFactory factory;

  public NoAws(String region) {
    factory =
        new AwsClientFactory(
            new AwsSettings(region, Optional.of(CLOSED_PORT)),
            () -> {
              attempts.incrementAndGet();
              return AwsBasicCredentials.create("AKIDPRIMING", "not-a-secret");
            },
            CallBudget.STANDARD);
  }

  /** The factory to build the code under test with. */
  public AwsClientFactory factory() {
    return factory;
  }

  /** How many SDK calls were attempted so far. */
  public int attempts() {
    return attempts.get();
  }
}
