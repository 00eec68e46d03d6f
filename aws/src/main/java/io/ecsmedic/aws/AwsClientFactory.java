package io.ecsmedic.aws;

import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.config.EnvironmentCredentials;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one place ecs-medic builds AWS SDK clients, so every function and the CLI talk to AWS the
 * same way:
 *
 * <ul>
 *   <li>the region and optional endpoint override of {@link AwsSettings} (the endpoint points every
 *       client at the local emulator; IAM is global, and the SDK sends it to iam.amazonaws.com
 *       whatever the region);
 *   <li>one set of credentials (the SDK's default chain unless the caller passes another, e.g. the
 *       CLI's named profile);
 *   <li>the url-connection HTTP client: no native code, a small jar, a fast cold start;
 *   <li>one {@link CallBudget} and the SDK's standard retry strategy (3 attempts, jittered
 *       back-off); a caller that must answer sooner asks for its own budget with {@link
 *       #withBudget}.
 * </ul>
 *
 * <p>Clients are built on first use and then reused: a Lambda cold start pays only for the clients
 * its invocation calls (triage builds the EC2 and IAM clients only when a checker runs). Safe for
 * concurrent use.
 *
 * <p>A factory is bound to one target: one account (through its credentials) and one region.
 * Checking another account is a second factory: {@link #withCredentials} with that account's
 * assumed-role credentials (an STS assume-role provider), and the settings of its region.
 */
public final class AwsClientFactory {
  private final AwsSettings where;
  private final AwsCredentialsProvider credentials;
  private final CallBudget budget;
  private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();

  /**
   * @param where region and optional endpoint override
   * @param credentials who calls
   * @param budget how long a call may take
   */
  public AwsClientFactory(
      AwsSettings where, AwsCredentialsProvider credentials, CallBudget budget) {
    this.where = Objects.requireNonNull(where, "where");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  /**
   * What a Lambda function uses: the role keys of its environment map when {@code where} holds them
   * (Lambda puts them in the process environment; the local host puts each function's own role's
   * keys in its map), otherwise the SDK's default chain; the standard budget.
   */
  public static AwsClientFactory standard(AwsSettings where) {
    AwsCredentialsProvider credentials =
        where
            .credentials()
            .map(AwsClientFactory::fromEnvironment)
            .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    return new AwsClientFactory(where, credentials, CallBudget.STANDARD);
  }

  private static AwsCredentialsProvider fromEnvironment(EnvironmentCredentials keys) {
    return StaticCredentialsProvider.create(
        keys.sessionToken()
            .<AwsCredentials>map(
                token ->
                    AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), token))
            .orElseGet(
                () -> AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())));
  }

  /** The same target and budget with other credentials (another profile, an assumed role). */
  public AwsClientFactory withCredentials(AwsCredentialsProvider other) {
    return new AwsClientFactory(where, other, budget);
  }

  /**
   * The same credentials and budget in another region (the endpoint override, if any, stays: the
   * emulator serves every region), for an event from another region of the same account.
   */
  public AwsClientFactory withRegion(String region) {
    return new AwsClientFactory(new AwsSettings(region, where.endpoint()), credentials, budget);
  }

  /** The same target and credentials with another time budget per call. */
  public AwsClientFactory withBudget(CallBudget other) {
    return new AwsClientFactory(where, credentials, other);
  }

  /**
   * The same factory, but {@code type} is answered by {@code client}: the one seam for a narrow
   * fake of a call the local emulator cannot make (tests say which and why).
   */
  public <C extends SdkClient> AwsClientFactory withClient(Class<C> type, C client) {
    AwsClientFactory copy = new AwsClientFactory(where, credentials, budget);
    copy.clients.putAll(clients);
    copy.clients.put(type, client);
    return copy;
  }

  public AwsSettings settings() {
    return where;
  }

  /**
   * The client of this type, built from {@code builder} on the first request and the same instance
   * afterwards, e.g. {@code client(EcsClient.class, EcsClient::builder)}.
   */
  public <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>>
      C client(Class<C> type, Supplier<B> builder) {
    return type.cast(clients.computeIfAbsent(type, t -> build(builder.get())));
  }

  /**
   * Builds a new, uncached client from a builder the caller has prepared (S3 path-style access,
   * say), configured like every other client of this factory.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
    builder
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.of(where.region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(
            c ->
                c.apiCallTimeout(budget.call())
                    .apiCallAttemptTimeout(budget.attempt())
                    .retryStrategy(AwsRetryStrategy.standardRetryStrategy()));
    where.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
