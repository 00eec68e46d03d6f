package io.ecsmedic.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the AWS APIs are. In AWS only the region matters; on a developer machine {@code
 * AWS_ENDPOINT_URL} points every client at the local emulator, so the same code and tests run
 * against MiniStack, another emulator or a sandbox account by changing one setting.
 *
 * @param region from AWS_REGION (the Lambda runtime always sets it)
 * @param endpoint from AWS_ENDPOINT_URL; empty in AWS
 * @param credentials the role keys in the handler's environment map, if any ({@link
 *     EnvironmentCredentials}); empty means the SDK's default chain
 */
public record AwsSettings(
    String region, Optional<URI> endpoint, Optional<EnvironmentCredentials> credentials) {

  /** A region and endpoint whose callers bring their own credentials (or the default chain). */
  public AwsSettings(String region, Optional<URI> endpoint) {
    this(region, endpoint, Optional.empty());
  }

  public static AwsSettings fromEnv(Map<String, String> env) {
    String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", ""));
    if (region.isBlank()) {
      throw new IllegalStateException("AWS_REGION is not set");
    }
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL", "");
    return new AwsSettings(
        region,
        endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint)),
        EnvironmentCredentials.fromEnv(env));
  }
}
