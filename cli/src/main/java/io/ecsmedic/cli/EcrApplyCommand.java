package io.ecsmedic.cli;

import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.CleanupRecord;
import io.ecsmedic.aws.ecr.EcrHygiene;
import io.ecsmedic.aws.ecr.ImageDeleter;
import io.ecsmedic.classify.TextNormalizer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ecr-apply}: the ECR hygiene plan, shown, confirmed by a person, then carried out. Right
 * before deleting it plans again and deletes only what both plans delete, so an image that came
 * into use meanwhile is spared; it deletes by digest, in chunks of 100, indexes first. Like the
 * scheduled cleanup, it records the decision in the audit table ({@code ECR} / ECR_CLEANUP_DELETED
 * or _REJECTED), and without an audit table it deletes nothing.
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
          + " back. Use --yes only in a pipeline that runs ecr-plan with the same options and has"
          + " a person review it first.",
      "Every decision (deleted, or not confirmed) is recorded in the audit table, as the"
          + " scheduled cleanup records its own: --table or ECS_MEDIC_AUDIT_TABLE is required."
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

  @Option(
      names = "--table",
      description = "the AuditTableName stack output (default: $ECS_MEDIC_AUDIT_TABLE)")
  String table = System.getenv("ECS_MEDIC_AUDIT_TABLE");

  /** As long as the scheduled cleanup keeps its records. */
  private static final Duration AUDIT_RETENTION = Duration.ofDays(90);

  @Override
  public Integer call() throws Exception {
    if (table == null || table.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "ecr-apply records every decision in the audit table: pass --table or set"
              + " ECS_MEDIC_AUDIT_TABLE");
    }
    AuditTable audit =
        new AuditTable(
            settings.aws.clients(spec).client(DynamoDbClient.class, DynamoDbClient::builder),
            table);
    String runId = "cli-" + Instant.now().getEpochSecond();
    String who =
        "ecs-medic ecr-apply by "
            + TextNormalizer.sanitize(System.getProperty("user.name", "?"))
            + (yes ? " (--yes: not confirmed by a person)" : "");
    EcrHygiene hygiene = settings.hygiene(spec);
    EcrHygiene.Plan plan = hygiene.plan();
    PrintWriter out = spec.commandLine().getOut();
    out.print(plan.text());
    long n = plan.deletions();
    if (!plan.unreadable().isEmpty()) {
      out.println("nothing was deleted: an account could not be read");
      return Exit.PARTLY_REFUSED;
    }
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
        record(audit, runId, "ECR_CLEANUP_REJECTED", "not confirmed at the prompt", who);
        out.println("not confirmed: nothing was deleted");
        return Exit.OK;
      }
    }
    ImageDeleter.Result result;
    try {
      result = hygiene.deleteConfirmed(plan);
    } catch (EcrHygiene.UnreadableAccounts e) {
      // An account became unreadable after the confirmation: fail closed, as the workflow does.
      record(audit, runId, "ECR_CLEANUP_REFUSED", "nothing deleted: " + e.getMessage(), who);
      out.println("nothing was deleted: " + e.getMessage());
      return Exit.PARTLY_REFUSED;
    }
    record(
        audit,
        runId,
        "ECR_CLEANUP_DELETED",
        "deleted "
            + result.deleted()
            + " of the "
            + n
            + " confirmed images"
            + (result.failures().isEmpty()
                ? ""
                : "; refused: " + String.join("; ", result.failures())),
        who);
    out.printf("deleted %d images (recorded as run %s)%n", result.deleted(), runId);
    result.failures().forEach(f -> out.println("  refused: " + f));
    return result.failures().isEmpty() ? Exit.OK : Exit.PARTLY_REFUSED;
  }

  private static void record(
      AuditTable audit, String runId, String decision, String detail, String who) {
    Instant now = Instant.now();
    audit.recordCleanup(
        new CleanupRecord(runId, now, decision, detail, who, now.plus(AUDIT_RETENTION)));
  }
}
