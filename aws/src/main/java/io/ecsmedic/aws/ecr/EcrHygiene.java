package io.ecsmedic.aws.ecr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.ecr.EcrImage;
import io.ecsmedic.ecr.HygienePlanner;
import io.ecsmedic.ecr.HygienePolicy;
import io.ecsmedic.ecr.HygieneReport;
import io.ecsmedic.ecr.InUse;
import io.ecsmedic.ecr.RepositoryPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * ECR hygiene against one account's registry in one region: what is in use ({@link
 * InUseCollector}), what the registry holds ({@link EcrInventory}), the plan {@link HygienePlanner}
 * makes of both, and deleting what a person confirmed ({@link ImageDeleter}). The scheduled
 * function and the CLI's {@code ecr-plan} / {@code ecr-apply} share it.
 */
public final class EcrHygiene {
  private final InUseCollector inUse;
  private final EcrInventory inventory;
  private final ImageDeleter deleter;
  private final HygienePolicy policy;
  private final Clock clock;

  /**
   * @param aws the clients (ECS, EventBridge, Scheduler, Lambda, ECR), built on the first call, so
   *     a cleanup step that only records an outcome builds none
   * @param account the registry's account: only references into it count as in use
   */
  public EcrHygiene(AwsClientFactory aws, String account, HygienePolicy policy, Clock clock) {
    this.inUse = new InUseCollector(aws, account);
    this.inventory = new EcrInventory(aws);
    this.deleter = new ImageDeleter(aws);
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * One dry run: the plans, the JSON report (deletions listed up to {@link
   * HygieneReport#MAX_LISTED} per repository, so it fits an SNS message) and the same as text.
   *
   * @param report {@code dryRun}, {@code inUseReferences}, {@code apiCalls} and {@code seconds}
   *     added to the planner's summary
   */
  public record Plan(List<RepositoryPlan> plans, ObjectNode report, String text) {
    /** How many images the plan would delete. */
    public long deletions() {
      return plans.stream().mapToLong(p -> p.deletions().size()).sum();
    }
  }

  /** Collects, plans and reports; deletes nothing. */
  public Plan plan() {
    Instant started = clock.instant();
    int callsBefore = calls();
    List<InUse> used = inUse.collect();
    List<EcrImage> images = inventory.images();
    List<RepositoryPlan> plans = HygienePlanner.plan(images, used, policy, clock.instant());
    ObjectNode report = HygieneReport.json(plans, HygieneReport.MAX_LISTED);
    report.put("dryRun", true);
    report.put("inUseReferences", used.size());
    report.put("apiCalls", calls() - callsBefore);
    report.put("seconds", Duration.between(started, clock.instant()).toMillis() / 1000.0);
    return new Plan(plans, report, HygieneReport.text(plans));
  }

  /** The plan as of now, for deleting right after: only what it still deletes may go. */
  public List<RepositoryPlan> planAgain() {
    return HygienePlanner.plan(inventory.images(), inUse.collect(), policy, clock.instant());
  }

  /**
   * Deletes what a person confirmed in {@code confirmed}, after planning again: only images both
   * plans delete go, so one that came into use meanwhile is spared.
   */
  public ImageDeleter.Result deleteConfirmed(Plan confirmed) {
    return deleter.delete(confirmed.plans(), planAgain());
  }

  /** The deleter, for a confirmation stored elsewhere (the cleanup workflow's stored plan). */
  public ImageDeleter deleter() {
    return deleter;
  }

  private int calls() {
    return inUse.calls.get() + inventory.calls.get();
  }
}
