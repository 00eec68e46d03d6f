package io.ecsmedic.cli;

import io.ecsmedic.aws.ecr.EcrHygiene;
import io.ecsmedic.aws.ecr.ImageDeleter;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecr-apply}: the ECR hygiene plan, shown, confirmed by a person, then carried out. Right
 * before deleting it plans again and deletes only what both plans delete, so an image that came
 * into use meanwhile is spared; it deletes by digest, in chunks of 100, indexes first.
 */
@Command(
    name = "ecr-apply",
    mixinStandardHelpOptions = true,
    header = "Delete the ECR images ecr-plan lists, after you confirm.",
    description = {
      "Delete the ECR images ecr-plan lists, after you confirm: shows the plan, asks "
          + "you to type 'delete N', plans again and deletes only what both plans delete "
          + "(by digest).",
      "--yes skips the question and deletes whatever the plan lists at that moment, with"
          + " nobody reading it first: a wrong --keep-newest or --keep-days, or a service the"
          + " plan cannot see (another account or region), then costs images nothing can bring"
          + " back. ecr-apply writes no audit record yet. Use --yes only in a pipeline that runs"
          + " ecr-plan with the same options and has a person review it first."
    })
final class EcrApplyCommand implements Callable<Integer> {
  /** Where the confirmation is read from; tests replace it. */
  static InputStream input = System.in;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin EcrPlanCommand.Settings settings;

  @Option(
      names = "--yes",
      description =
          "do not ask; delete what the plan lists (deletions cannot be undone; see above)")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    EcrHygiene hygiene = settings.hygiene(spec);
    EcrHygiene.Plan plan = hygiene.plan();
    PrintWriter out = spec.commandLine().getOut();
    out.print(plan.text());
    long n = plan.deletions();
    if (n == 0) {
      out.println("nothing to delete");
      return Exit.OK;
    }
    if (!yes) {
      out.printf("Type 'delete %d' to delete these %d images (anything else keeps them): ", n, n);
      out.flush();
      String answer =
          new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)).readLine();
      if (answer == null || !answer.trim().equals("delete " + n)) {
        out.println("not confirmed: nothing was deleted");
        return Exit.OK;
      }
    }
    ImageDeleter.Result result = hygiene.deleteConfirmed(plan);
    out.printf("deleted %d images%n", result.deleted());
    result.failures().forEach(f -> out.println("  refused: " + f));
    return result.failures().isEmpty() ? Exit.OK : Exit.PARTLY_REFUSED;
  }
}
