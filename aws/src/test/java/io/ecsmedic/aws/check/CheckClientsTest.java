package io.ecsmedic.aws.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.config.AwsSettings;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;

class CheckClientsTest {
  final AwsClientFactory factory =
      AwsClientFactory.standard(
          new AwsSettings("us-east-1", Optional.of(URI.create("http://127.0.0.1:9"))));

  @Test
  void theCheckersShareTheFactorysClients() {
    CheckClients checks = CheckClients.of(factory);

    assertThat(checks.ecs()).isSameAs(factory.client(EcsClient.class, EcsClient::builder));
    assertThat(checks.ec2()).isSameAs(checks.ec2());
  }

  @Test
  void takingTheCheckersClientsBuildsNone() {
    CheckClients checks = CheckClients.of(factory);
    AtomicInteger builds = new AtomicInteger();

    // Had CheckClients.of built the EC2 client, the factory would return that one and never ask.
    Ec2Client ec2 =
        factory.client(
            Ec2Client.class,
            () -> {
              builds.incrementAndGet();
              return Ec2Client.builder();
            });

    assertThat(builds).hasValue(1);
    assertThat(checks.ec2()).isSameAs(ec2);
  }
}
