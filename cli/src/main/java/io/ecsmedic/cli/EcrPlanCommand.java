package io.ecsmedic.cli;

import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.MemberAccounts;
import io.ecsmedic.aws.ecr.EcrHygiene;
import io.ecsmedic.ecr.HygienePolicy;
import io.ecsmedic.json.Json;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecr-plan}: the ECR hygiene dry run from a terminal, against AWS or the emulator: what is
 * in use, what the registry holds, and what could go and why. It deletes nothing.
 */
@Command(
    name = "ecr-plan",
    mixinStandardHelpOptions = true,
    header = "Report which ECR images could go, and why (a dry run).",
    description = {
      "Report which ECR images could go (dry run: nothing is deleted) and why, "
          + "keeping every image in use (services at any desired count and their rollback "
          + "targets, tasks, rules, schedules, Lambda functions; by tag and by digest; the "
          + "platform images of a kept index).",
      "Uses the default AWS credentials; --region and --endpoint-url default to "
          + "AWS_REGION and AWS_ENDPOINT_URL (set it for the local emulator: eval "
          + "\"$(scripts/local-aws.sh env)\")."
    })
final class EcrPlanCommand implements Callable<Integer> {
  /** The options ecr-plan and ecr-apply share, and the hygiene job they make of them. */
  static final class Settings {
    /** How long a pulled-through image is kept unused: the scheduled job's default. */
    private static final Duration PULL_THROUGH_KEEP = Duration.ofDays(30);

    @Option(
        names = "--account",
        description = "the registry's account id (default: $AWS_ACCOUNT_ID)")
    String account = System.getenv("AWS_ACCOUNT_ID");

    @Option(
        names = "--keep-newest",
        description = "keep the newest N tagged images per repository (default: ${DEFAULT-VALUE})")
    int keepNewest = 10;

    @Option(
        names = "--keep-days",
        description = "keep anything pushed within D days (default: ${DEFAULT-VALUE})")
    int keepDays = 30;

    @Option(
        names = "--pull-through-prefix",
        description = "repository prefix of a pull-through cache (repeatable)")
    List<String> pullThrough = new ArrayList<>();

    @Option(
        names = "--member-accounts",
        split = ",",
        description =
            "member accounts whose services count as users of this registry, read through"
                + " --member-role-name (the central stack's MemberAccounts); one that cannot be"
                + " read means nothing may go")
    List<String> memberAccounts = new ArrayList<>();

    @Option(
        names = "--member-regions",
        split = ",",
        description = "further regions to read (the central stack's MemberRegions)")
    List<String> memberRegions = new ArrayList<>();

    @Option(
        names = "--member-role-name",
        description = "the member checker role (default: ${DEFAULT-VALUE})")
    String memberRoleName = "ecs-medic-checker";

    @Option(
        names = "--member-external-id",
        description = "the external id the member roles demand (default: $MEMBER_EXTERNAL_ID)")
    String externalId = System.getenv("MEMBER_EXTERNAL_ID");

    @Mixin AwsOptions aws;

    /** The job against the registry these options name, keeping what the policy options say. */
    EcrHygiene hygiene(CommandSpec spec) {
      if (account == null || !account.matches("\\d{12}")) {
        throw new ParameterException(
            spec.commandLine(), "no account id: pass --account 123456789012 or set AWS_ACCOUNT_ID");
      }
      if (keepNewest < 0 || keepDays < 0) {
        throw new ParameterException(
            spec.commandLine(), "--keep-newest and --keep-days must be ≥ 0");
      }
      HygienePolicy policy =
          new HygienePolicy(
              keepNewest,
              Duration.ofDays(keepDays),
              pullThrough.stream()
                  .flatMap(p -> Arrays.stream(p.split(",")))
                  .map(String::trim)
                  .filter(p -> !p.isEmpty())
                  .toList(),
              PULL_THROUGH_KEEP);
      AwsClientFactory clients = aws.clients(spec);
      MemberAccounts members;
      try {
        members =
            new MemberAccounts(
                new LinkedHashSet<>(trimmed(memberAccounts)),
                new LinkedHashSet<>(trimmed(memberRegions)),
                memberRoleName,
                Optional.ofNullable(externalId).map(String::trim).filter(e -> !e.isEmpty()));
      } catch (IllegalStateException e) {
        throw new ParameterException(spec.commandLine(), "--member-accounts: " + e.getMessage());
      }
      return new EcrHygiene(
          clients,
          account,
          policy,
          Clock.systemUTC(),
          AccountTargets.of(clients, members, "ecs-medic-cli"));
    }

    private static List<String> trimmed(List<String> values) {
      return values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
  }

  @Spec CommandSpec spec;

  @Mixin Settings settings;

  @Option(
      names = {"-o", "--output"},
      description = "text or json (default: ${DEFAULT-VALUE})")
  CatalogCommand.Format output = CatalogCommand.Format.text;

  @Override
  public Integer call() throws Exception {
    EcrHygiene.Plan outcome = settings.hygiene(spec).plan();
    PrintWriter out = spec.commandLine().getOut();
    if (output == CatalogCommand.Format.json) {
      out.println(
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(outcome.report()));
    } else {
      out.print(outcome.text());
      out.printf(
          "dry run: nothing was deleted (%d API calls, %.1f s); ecr-apply deletes after you confirm%n",
          outcome.report().path("apiCalls").asInt(), outcome.report().path("seconds").asDouble());
    }
    return Exit.OK;
  }
}
