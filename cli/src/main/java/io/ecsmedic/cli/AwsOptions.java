package io.ecsmedic.cli;

import io.ecsmedic.config.AwsSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where AWS is and who calls it, for every command that calls it: {@code --region}, {@code
 * --endpoint-url} and {@code --profile}; credentials come from the SDK's default chain, as for the
 * AWS CLI.
 */
final class AwsOptions {
  @Option(
      names = "--endpoint-url",
      description = "AWS endpoint, e.g. the local emulator (default: $AWS_ENDPOINT_URL)")
  String endpointUrl = System.getenv("AWS_ENDPOINT_URL");

  @Option(names = "--region", description = "AWS region (default: $AWS_REGION)")
  String region = System.getenv("AWS_REGION");

  @Option(
      names = "--profile",
      description = "named profile of the AWS CLI's config files (default: $AWS_PROFILE)")
  String profile;

  /** The region to use when none was given: e.g. the one a task ARN names. */
  AwsOptions orRegion(String fallback) {
    if ((region == null || region.isBlank()) && fallback != null) {
      region = fallback;
    }
    return this;
  }

  /** The settings, or a usage error when no region is given. */
  AwsSettings settings(CommandSpec spec) {
    if (region == null || region.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "no region: pass --region or set AWS_REGION");
    }
    if (profile != null && !profile.isBlank()) {
      // The SDK's default credential chain, the same as the AWS CLI's, reads this profile.
      System.setProperty("aws.profile", profile);
    }
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", region);
    if (endpointUrl != null) {
      env.put("AWS_ENDPOINT_URL", endpointUrl);
    }
    return AwsSettings.fromEnv(env);
  }
}
