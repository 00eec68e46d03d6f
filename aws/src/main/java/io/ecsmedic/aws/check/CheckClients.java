package io.ecsmedic.aws.check;

import io.ecsmedic.config.AwsSettings;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The read-only clients the checkers call. {@link #create} builds them the way every ecs-medic
 * component does (url-connection HTTP client, optional endpoint override for the emulator); tests
 * may pass their own.
 */
public record CheckClients(
    EcsClient ecs, ElasticLoadBalancingV2Client elb, Ec2Client ec2, IamClient iam, EcrClient ecr) {
  /** One slow API must not eat a checker's whole budget. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  public CheckClients {
    Objects.requireNonNull(ecs, "ecs");
    Objects.requireNonNull(elb, "elb");
    Objects.requireNonNull(ec2, "ec2");
    Objects.requireNonNull(iam, "iam");
    Objects.requireNonNull(ecr, "ecr");
  }

  public static CheckClients create(AwsSettings aws) {
    return new CheckClients(
        build(EcsClient.builder(), aws),
        build(ElasticLoadBalancingV2Client.builder(), aws),
        build(Ec2Client.builder(), aws),
        // IAM is global: its endpoint is iam.amazonaws.com whatever the region.
        build(IamClient.builder(), aws),
        build(EcrClient.builder(), aws));
  }

  /** The ECS client alone, built the same way, for a command that only reads tasks. */
  public static EcsClient ecs(AwsSettings aws) {
    return build(EcsClient.builder(), aws);
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, AwsSettings aws) {
    builder
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.of(aws.region()))
        .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT));
    aws.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
