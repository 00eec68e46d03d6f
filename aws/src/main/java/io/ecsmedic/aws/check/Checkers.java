package io.ecsmedic.aws.check;

import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.CheckResult;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.ResourceRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which deep checker a finding calls for, run on what the finding names. Used by triage (a new
 * incident's alert carries the failing steps) and by the remediation Enrich step (the proposal
 * does); the CLI calls the checkers directly.
 */
public final class Checkers {
  private final CheckClients aws;
  private final String region;
  private final Clock clock;

  public Checkers(CheckClients aws, String region, Clock clock) {
    this.aws = aws;
    this.region = region;
    this.clock = clock;
  }

  /** Whether a finding of this category has a checker. */
  public static boolean covers(Category category) {
    return switch (category) {
      case ELB_HEALTH_CHECK, ECS_EXEC, IMAGE_PULL, SECRETS_INIT, LOG_INIT -> true;
      default -> false;
    };
  }

  /**
   * The checker's report, or empty when the category has none or the finding does not name what the
   * checker needs (a pasted message without a cluster, say).
   *
   * @param callerArn who called the failed API (CloudTrail {@code userIdentity.arn}), or null
   */
  public Optional<CheckReport> forFinding(Category category, ResourceRef r, String callerArn) {
    return switch (category) {
      case ELB_HEALTH_CHECK -> {
        if (present(r.targetGroup())) {
          yield Optional.of(
              new AlbFactsCollector(aws, clock).forTargetGroup(r.targetGroup(), null));
        }
        yield present(r.cluster()) && present(r.service())
            ? Optional.of(
                new AlbFactsCollector(aws, clock).forService(r.cluster(), r.service(), null))
            : Optional.empty();
      }
      case ECS_EXEC ->
          present(r.cluster()) && present(r.task())
              ? Optional.of(
                  new ExecFactsCollector(aws, region, clock)
                      .check(r.cluster(), r.task(), callerArn))
              : Optional.empty();
      case IMAGE_PULL, SECRETS_INIT, LOG_INIT -> {
        // The stopped task names its own task definition and subnets; a service event names the
        // service, whose current task definition and network configuration are checked.
        if (!present(r.cluster())) {
          yield Optional.empty();
        }
        if (present(r.task())) {
          CheckReport report =
              new PullFactsCollector(aws, region, clock).check(r.cluster(), r.task(), null);
          yield Optional.of(
              taskGone(report) && present(r.service())
                  ? serviceInstead(report, r.cluster(), r.task(), r.service())
                  : report);
        }
        yield present(r.service())
            ? Optional.of(
                new PullFactsCollector(aws, region, clock).check(r.cluster(), null, r.service()))
            : Optional.empty();
      }
      default -> Optional.empty();
    };
  }

  /** ECS forgets a stopped task after about an hour (an old event, a replay from the DLQ). */
  private static boolean taskGone(CheckReport report) {
    CheckResult first = report.results().getFirst();
    return first.id().equals("pull.subject") && first.status() == CheckResult.Status.FAIL;
  }

  /** The service's current task definition and network, since the task's own are gone. */
  private CheckReport serviceInstead(
      CheckReport gone, String cluster, String task, String service) {
    CheckReport report = new PullFactsCollector(aws, region, clock).check(cluster, null, service);
    List<String> notes = new ArrayList<>();
    notes.add(
        "task "
            + task
            + " is gone ("
            + gone.results().getFirst().evidence()
            + "); checked service "
            + service
            + " instead");
    notes.addAll(report.notes());
    return new CheckReport(
        report.checker(),
        report.category(),
        report.subject(),
        report.service(),
        report.results(),
        notes);
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
