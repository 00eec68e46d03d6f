package io.ecsmedic.remediation;

import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.config.AwsSettings;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SDK clients, built once at INIT: url-connection HTTP client, the endpoint override when one is
 * configured, and a per-call time limit so a slow API cannot eat a step's whole timeout.
 */
final class AwsClients {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(8);

  final EcsClient ecs;
  final ElasticLoadBalancingV2Client elb;
  final EcrClient ecr;
  final CloudWatchLogsClient logs;
  final DynamoDbClient dynamo;
  final SnsClient sns;
  final SecretsManagerClient secrets;
  final Ec2Client ec2;
  final IamClient iam;

  /** The deep checkers' read-only view, sharing these clients. */
  CheckClients checks() {
    return new CheckClients(ecs, elb, ec2, iam, ecr);
  }

  AwsClients(AwsSettings s) {
    this.ecs = configure(EcsClient.builder(), s).build();
    this.elb = configure(ElasticLoadBalancingV2Client.builder(), s).build();
    this.ecr = configure(EcrClient.builder(), s).build();
    this.logs = configure(CloudWatchLogsClient.builder(), s).build();
    this.dynamo = configure(DynamoDbClient.builder(), s).build();
    this.sns = configure(SnsClient.builder(), s).build();
    this.secrets = configure(SecretsManagerClient.builder(), s).build();
    this.ec2 = configure(Ec2Client.builder(), s).build();
    this.iam = configure(IamClient.builder(), s).build();
  }

  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, AwsSettings s) {
    builder
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.of(s.region()))
        .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT));
    s.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }
}
