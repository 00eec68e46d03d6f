package io.ecsmedic.cli;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.config.AwsSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Where AWS is and who calls it, for every command that calls it: {@code --region}, {@code
 * --endpoint-url}, {@code --profile} and {@code --role-arn}. Credentials are the named profile's
 * when one is given, else the SDK's default chain ({@code AWS_PROFILE} included), as for the AWS
 * CLI; with {@code --role-arn} that identity assumes the role and the command runs as the role (a
 * member account's ecs-medic-checker, say: docs/multi-account.md).
 */
final class AwsOptions {
  @Option(
      names = "--endpoint-url",
      description = "AWS endpoint, e.g. the local emulator (default: $AWS_ENDPOINT_URL)")
  String endpointUrl = System.getenv("AWS_ENDPOINT_URL");

  @Option(
      names = "--region",
      description =
          "AWS region (default: $AWS_REGION, then $AWS_DEFAULT_REGION, then the profile's region)")
  String region = firstSet(System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"));

  @Option(
      names = "--profile",
      description = "named profile of the AWS CLI's config files (default: $AWS_PROFILE)")
  String profile;

  @Option(
      names = "--role-arn",
      description =
          "assume this role for the command (STS AssumeRole as the profile's or default"
              + " identity), e.g. a member account's ecs-medic-checker")
  String roleArn;

  @Option(
      names = "--external-id",
      description = "the external id the role's trust policy demands (with --role-arn)")
  String externalId;

  /** The region to use when none was given: e.g. the one a task ARN names. */
  AwsOptions orRegion(String fallback) {
    if ((region == null || region.isBlank()) && fallback != null) {
      region = fallback;
    }
    return this;
  }

  /** The settings, or a usage error when no region is given. */
  private AwsSettings settings(CommandSpec spec) {
    if (region == null || region.isBlank()) {
      region = profileRegion();
    }
    if (region == null || region.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "no region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set region in the"
              + " profile (~/.aws/config"
              + (profile != null ? ", profile " + profile : "")
              + ")");
    }
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", region);
    if (endpointUrl != null) {
      env.put("AWS_ENDPOINT_URL", endpointUrl);
    }
    return AwsSettings.fromEnv(env);
  }

  /**
   * The clients of the AWS these options name, built on first use; a usage error when no region is
   * given.
   */
  AwsClientFactory clients(CommandSpec spec) {
    AwsClientFactory standard = AwsClientFactory.standard(settings(spec));
    AwsClientFactory caller =
        profile == null || profile.isBlank()
            ? standard
            : standard.withCredentials(
                ProfileCredentialsProvider.builder().profileName(profile).build());
    if (roleArn == null || roleArn.isBlank()) {
      if (externalId != null) {
        throw new ParameterException(spec.commandLine(), "--external-id needs --role-arn");
      }
      return caller;
    }
    return caller.withCredentials(
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(caller.client(StsClient.class, StsClient::builder))
            .asyncCredentialUpdateEnabled(false)
            .refreshRequest(
                r -> {
                  r.roleArn(roleArn).roleSessionName("ecs-medic-cli");
                  if (externalId != null && !externalId.isBlank()) {
                    r.externalId(externalId);
                  }
                })
            .build());
  }

  /** The region of the profile in the AWS CLI's config files, as the AWS CLI reads it, or null. */
  private String profileRegion() {
    try {
      String name = profile != null && !profile.isBlank() ? profile : System.getenv("AWS_PROFILE");
      return new software.amazon.awssdk.regions.providers.AwsProfileRegionProvider(null, name)
          .getRegion()
          .id();
    } catch (RuntimeException e) {
      return null; // no config file, no such profile, or no region in it
    }
  }

  private static String firstSet(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
