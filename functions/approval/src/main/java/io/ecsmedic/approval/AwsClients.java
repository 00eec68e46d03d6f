package io.ecsmedic.approval;

import io.ecsmedic.config.AwsSettings;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Builds SDK clients once, at INIT: url-connection HTTP client, the default credentials chain, and
 * the endpoint override when one is configured.
 */
final class AwsClients {
  private AwsClients() {}

  static DynamoDbClient dynamo(AwsSettings s) {
    return configure(DynamoDbClient.builder(), s).build();
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
