package io.ecsmedic.local;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.CallBudget;
import io.ecsmedic.config.AwsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;

/**
 * The local AWS endpoint, derived the way scripts/local-aws.sh derives it: {@code
 * http://127.0.0.1:$GATEWAY_PORT} (default port 4566), so the demo and the tests reach the emulator
 * that script started on that port and no other. Without GATEWAY_PORT, {@code AWS_ENDPOINT_URL}
 * names another emulator. With both, they must agree: an endpoint left in the shell from another
 * run would otherwise send this run, and its resets, to that run's emulator.
 *
 * @param endpoint where every client goes
 * @param region the region (us-east-1 locally)
 */
public record LocalAws(URI endpoint, String region) {
  /** MiniStack derives the account from a 12-digit access key; locally it is this one. */
  public static final String ACCOUNT = "000000000000";

  /** The port scripts/local-aws.sh starts MiniStack on when GATEWAY_PORT is unset. */
  public static final String DEFAULT_PORT = "4566";

  public static LocalAws fromEnv(Map<String, String> env) {
    return new LocalAws(endpointOf(env), env.getOrDefault("AWS_REGION", "us-east-1"));
  }

  /**
   * GATEWAY_PORT's emulator, or AWS_ENDPOINT_URL's when no port is set; refuses the two
   * disagreeing.
   */
  static URI endpointOf(Map<String, String> env) {
    String port = env.getOrDefault("GATEWAY_PORT", "").trim();
    String url = env.getOrDefault("AWS_ENDPOINT_URL", "").trim();
    if (port.isEmpty()) {
      return URI.create(url.isEmpty() ? "http://127.0.0.1:" + DEFAULT_PORT : url);
    }
    if (!port.matches("[0-9]{1,5}")) {
      throw new IllegalStateException("GATEWAY_PORT must be a TCP port number, got '" + port + "'");
    }
    URI own = URI.create("http://127.0.0.1:" + port);
    if (!url.isEmpty() && !isLoopbackPort(URI.create(url), Integer.parseInt(port))) {
      throw new IllegalStateException(
          "AWS_ENDPOINT_URL="
              + url
              + " is not the emulator of GATEWAY_PORT="
              + port
              + " ("
              + own
              + "); unset AWS_ENDPOINT_URL or make them agree:"
              + " export AWS_ENDPOINT_URL=$(scripts/local-aws.sh endpoint)");
    }
    return own;
  }

  private static boolean isLoopbackPort(URI url, int port) {
    return url.getPort() == port
        && ("127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost()));
  }

  /**
   * The harness's calls may take minutes: uploading a shaded function jar, deploying the stack,
   * long-polling a queue. Everything else about its clients is the project's one policy.
   */
  static final CallBudget HARNESS_BUDGET =
      new CallBudget(Duration.ofMinutes(5), Duration.ofMinutes(5));

  /** The project's client factory, for this endpoint with static test credentials. */
  public AwsClientFactory clients() {
    return new AwsClientFactory(
        new AwsSettings(region, Optional.of(endpoint)),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCOUNT, "test")),
        HARNESS_BUDGET);
  }

  /** A new client from any SDK client builder, configured as {@link #clients()} configures them. */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
    return clients().build(builder);
  }

  /**
   * The environment a Lambda handler sees locally, in addition to what its template declares, with
   * the root keys (for a CLI process or an in-process benchmark); the local Lambda host replaces
   * them with the keys of each function's own role.
   */
  public Map<String, String> lambdaEnvironment() {
    return Map.of(
        "AWS_ENDPOINT_URL",
        endpoint.toString(),
        "AWS_EMF_ENVIRONMENT",
        "Local",
        "AWS_REGION",
        region,
        "AWS_DEFAULT_REGION",
        region,
        "AWS_ACCESS_KEY_ID",
        ACCOUNT,
        "AWS_SECRET_ACCESS_KEY",
        "test");
  }

  /** Whether the emulator answers its health check. */
  public boolean healthy() {
    try {
      HttpResponse<Void> r =
          http()
              .send(
                  HttpRequest.newBuilder(endpoint.resolve("/_ministack/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Wipes all emulator state, so each test class and the demo start clean. */
  public void reset() throws IOException, InterruptedException {
    HttpResponse<String> r =
        http()
            .send(
                HttpRequest.newBuilder(endpoint.resolve("/_ministack/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("emulator reset failed: HTTP " + r.statusCode() + " " + r.body());
    }
  }

  private static HttpClient http() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }
}
