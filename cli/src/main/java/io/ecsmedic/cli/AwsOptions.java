package io.ecsmedic.cli;

import io.ecsmedic.config.AwsSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where AWS is, for every command that calls it: {@code --region} and {@code --endpoint-url}. */
final class AwsOptions {
  @Option(
      names = "--endpoint-url",
      description = "AWS endpoint, e.g. the local emulator (default: $AWS_ENDPOINT_URL)")
  String endpointUrl = System.getenv("AWS_ENDPOINT_URL");

  @Option(names = "--region", description = "AWS region (default: $AWS_REGION)")
  String region = System.getenv("AWS_REGION");

  /** The settings, or a usage error when no region is given. */
  AwsSettings settings(CommandSpec spec) {
    if (region == null || region.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "no region: pass --region or set AWS_REGION");
    }
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", region);
    if (endpointUrl != null) {
      env.put("AWS_ENDPOINT_URL", endpointUrl);
    }
    return AwsSettings.fromEnv(env);
  }
}
