package io.ecsmedic.config;

import java.util.Map;
import java.util.Optional;

/**
 * The credentials Lambda hands a function in its environment: the function's execution role's
 * temporary keys ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code
 * AWS_SESSION_TOKEN}). Read from the environment map a handler is built with, so a host that runs
 * several functions in one JVM (the local end-to-end suite) can give each its own role's keys; in
 * Lambda the map is the process environment and the keys are the same ones the SDK's default chain
 * would read.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret key; never printed
 * @param sessionToken the session token of temporary keys, empty for long-term keys
 */
public record EnvironmentCredentials(
    String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

  /** The keys in {@code env}, or empty unless both the key id and the secret are set. */
  public static Optional<EnvironmentCredentials> fromEnv(Map<String, String> env) {
    String id = env.getOrDefault("AWS_ACCESS_KEY_ID", "");
    String secret = env.getOrDefault("AWS_SECRET_ACCESS_KEY", "");
    if (id.isBlank() || secret.isBlank()) {
      return Optional.empty();
    }
    String token = env.getOrDefault("AWS_SESSION_TOKEN", "");
    return Optional.of(
        new EnvironmentCredentials(
            id, secret, token.isBlank() ? Optional.empty() : Optional.of(token)));
  }

  /** Names the key id only: the secret and the token stay out of logs and exception messages. */
  @Override
  public String toString() {
    return "EnvironmentCredentials["
        + accessKeyId
        + (sessionToken.isPresent() ? ", session" : "")
        + "]";
  }
}
