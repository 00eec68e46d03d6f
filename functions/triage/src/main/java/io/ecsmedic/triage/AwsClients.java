package io.ecsmedic.triage;

import io.ecsmedic.config.AwsSettings;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds SDK clients once, at INIT: url-connection HTTP client (no native code, small, friendly to
 * SnapStart), the default credentials chain, and the endpoint override when one is configured.
 */
final class AwsClients {
  private AwsClients() {}

  static SnsClient sns(AwsSettings s) {
    return configure(SnsClient.builder(), s).build();
  }

  static SqsClient sqs(AwsSettings s) {
    return configure(SqsClient.builder(), s).build();
  }

  static DynamoDbClient dynamo(AwsSettings s) {
    return configure(DynamoDbClient.builder(), s).build();
  }

  static EcsClient ecs(AwsSettings s) {
    return configure(EcsClient.builder(), s).build();
  }

  static SfnClient sfn(AwsSettings s) {
    return configure(SfnClient.builder(), s).build();
  }

  static SecretsManagerClient secrets(AwsSettings s) {
    return configure(SecretsManagerClient.builder(), s).build();
  }

  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, AwsSettings s) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.of(s.region()));
    s.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }
}
