package io.ecsmedic.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmedic.config.AwsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;

class AwsClientFactoryTest {
  static final URI EMULATOR = URI.create("http://127.0.0.1:4599");

  final AwsClientFactory factory =
      new AwsClientFactory(
          new AwsSettings("eu-west-3", Optional.of(EMULATOR)),
          StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "test")),
          CallBudget.STANDARD);

  @Test
  void appliesTheRegionAndTheEndpointOverride() {
    EcsClient ecs = factory.client(EcsClient.class, EcsClient::builder);

    assertThat(ecs.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_3);
    assertThat(ecs.serviceClientConfiguration().endpointOverride()).contains(EMULATOR);
  }

  @Test
  void appliesOneTimeoutAndRetryPolicy() {
    ClientOverrideConfiguration c =
        factory
            .client(EcrClient.class, EcrClient::builder)
            .serviceClientConfiguration()
            .overrideConfiguration();

    assertThat(c.apiCallTimeout()).contains(CallBudget.STANDARD.call());
    assertThat(c.apiCallAttemptTimeout()).contains(CallBudget.STANDARD.attempt());
    assertThat(c.retryStrategy()).map(RetryStrategy::maxAttempts).contains(3);
  }

  @Test
  void aCallerWithLessTimeAsksForItsOwnBudget() {
    CallBudget quick = new CallBudget(Duration.ofSeconds(2), Duration.ofSeconds(2));

    ClientOverrideConfiguration c =
        factory
            .withBudget(quick)
            .client(EcsClient.class, EcsClient::builder)
            .serviceClientConfiguration()
            .overrideConfiguration();

    assertThat(c.apiCallTimeout()).contains(Duration.ofSeconds(2));
    assertThat(c.apiCallAttemptTimeout()).contains(Duration.ofSeconds(2));
  }

  @Test
  void buildsEachClientOnceAndOnlyWhenAsked() {
    AtomicInteger builds = new AtomicInteger();
    java.util.function.Supplier<EcsClientBuilder> counting =
        () -> {
          builds.incrementAndGet();
          return EcsClient.builder();
        };

    assertThat(builds).hasValue(0);
    EcsClient first = factory.client(EcsClient.class, counting);
    EcsClient second = factory.client(EcsClient.class, counting);

    assertThat(second).isSameAs(first);
    assertThat(builds).hasValue(1);
  }

  @Test
  void concurrentFirstCallsShareOneClient() throws Exception {
    AtomicInteger builds = new AtomicInteger();
    java.util.function.Supplier<EcsClientBuilder> counting =
        () -> {
          builds.incrementAndGet();
          return EcsClient.builder();
        };
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    java.util.Set<EcsClient> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 8; i++) {
      threads.add(
          Thread.ofPlatform().start(() -> seen.add(factory.client(EcsClient.class, counting))));
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(seen).hasSize(1);
    assertThat(builds).hasValue(1);
  }

  @Test
  void aFactoryWithOtherCredentialsHasItsOwnClients() {
    EcsClient mine = factory.client(EcsClient.class, EcsClient::builder);
    AwsClientFactory other =
        factory.withCredentials(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111", "x")));

    assertThat(other.client(EcsClient.class, EcsClient::builder)).isNotSameAs(mine);
    assertThat(other.settings()).isEqualTo(factory.settings());
  }

  @Test
  void refusesABudgetWhoseAttemptOutlastsTheCall() {
    assertThatThrownBy(() -> new CallBudget(Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFunctionUsesTheRoleKeysOfItsEnvironmentMap() {
    AwsSettings where =
        AwsSettings.fromEnv(
            java.util.Map.of(
                "AWS_REGION", "eu-west-3",
                "AWS_ACCESS_KEY_ID", "ASIAROLE",
                "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "token"));
    EcsClient ecs = AwsClientFactory.standard(where).client(EcsClient.class, EcsClient::builder);

    var keys = ecs.serviceClientConfiguration().credentialsProvider().resolveIdentity().join();
    assertThat(keys.accessKeyId()).isEqualTo("ASIAROLE");
    assertThat(keys)
        .isInstanceOfSatisfying(
            software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity.class,
            s -> assertThat(s.sessionToken()).isEqualTo("token"));
  }
}
