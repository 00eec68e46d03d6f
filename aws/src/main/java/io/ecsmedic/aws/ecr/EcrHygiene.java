package io.ecsmedic.aws.ecr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.ecr.EcrImage;
import io.ecsmedic.ecr.HygienePlanner;
import io.ecsmedic.ecr.HygienePolicy;
import io.ecsmedic.ecr.HygieneReport;
import io.ecsmedic.ecr.InUse;
import io.ecsmedic.ecr.RepositoryPlan;
import io.ecsmedic.ecr.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * ECR hygiene against one account's registry in one region: what is in use ({@link
 * InUseCollector}), what the registry holds ({@link EcrInventory}), the plan {@link HygienePlanner}
 * makes of both, and deleting what a person confirmed ({@link ImageDeleter}). The scheduled
 * function and the CLI's {@code ecr-plan} / {@code ecr-apply} share it.
 *
 * <p>With member accounts ({@link AccountTargets}), what they run counts as in use too ({@link
 * InUseAcrossAccounts}). It fails closed: when any account or region cannot be read, nothing may
 * go. The plan keeps every image ("not deleted: ..."), the report names the accounts, and {@link
 * #planAgain} throws {@link UnreadableAccounts} so an approved cleanup refuses.
 */
public final class EcrHygiene {
  private final InUseAcrossAccounts inUse;
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
    this(aws, account, policy, clock, AccountTargets.ownOnly(aws));
  }

  /**
   * @param members the member accounts and regions whose running images count as in use; {@link
   *     AccountTargets#ownOnly}: this account and region only
   */
  public EcrHygiene(
      AwsClientFactory aws,
      String account,
      HygienePolicy policy,
      Clock clock,
      AccountTargets members) {
    this.inUse = new InUseAcrossAccounts(aws, account, members);
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
   *     added to the planner's summary; {@code unreadableAccounts} and {@code nothingMayGo} when an
   *     account could not be read
   * @param unreadable the accounts and regions that could not be read; not empty: nothing may go
   */
  public record Plan(
      List<RepositoryPlan> plans, ObjectNode report, String text, List<String> unreadable) {
    /** How many images the plan would delete. */
    public long deletions() {
      return plans.stream().mapToLong(p -> p.deletions().size()).sum();
    }
  }

  /** Collects, plans and reports; deletes nothing. */
  public Plan plan() {
    Instant started = clock.instant();
    int callsBefore = calls();
    InUseAcrossAccounts.Collected collected = inUse.collect();
    List<InUse> used = collected.used();
    List<EcrImage> images = inventory.images();
    List<RepositoryPlan> plans = HygienePlanner.plan(images, used, policy, clock.instant());
    String text = "";
    if (!collected.unreadable().isEmpty()) {
      plans = nothingGoes(plans, collected.unreadable());
      text = UnreadableAccounts.sentence(collected.unreadable()) + "\n";
    }
    text += HygieneReport.text(plans);
    ObjectNode report = HygieneReport.json(plans, HygieneReport.MAX_LISTED);
    report.put("dryRun", true);
    report.put("inUseReferences", used.size());
    report.put("apiCalls", calls() - callsBefore);
    report.put("seconds", Duration.between(started, clock.instant()).toMillis() / 1000.0);
    if (!collected.unreadable().isEmpty()) {
      report.put("nothingMayGo", true);
      collected.unreadable().forEach(report.putArray("unreadableAccounts")::add);
    }
    return new Plan(plans, report, text, collected.unreadable());
  }

  /**
   * The plan as of now, for deleting right after: only what it still deletes may go.
   *
   * @throws UnreadableAccounts when an account could not be read, so nothing may go
   */
  public List<RepositoryPlan> planAgain() {
    InUseAcrossAccounts.Collected collected = inUse.collect();
    if (!collected.unreadable().isEmpty()) {
      throw new UnreadableAccounts(collected.unreadable());
    }
    return HygienePlanner.plan(inventory.images(), collected.used(), policy, clock.instant());
  }

  /**
   * Every deletion turned into a kept image: what an unreadable account runs is unknown, so any
   * image could be in use there.
   */
  private static List<RepositoryPlan> nothingGoes(
      List<RepositoryPlan> plans, List<String> unreadable) {
    String reason = "not deleted: " + unreadable.size() + " account(s) could not be read";
    return plans.stream()
        .map(
            p ->
                new RepositoryPlan(
                    p.repository(),
                    p.pullThrough(),
                    p.verdicts().stream()
                        .map(v -> v.delete() ? new Verdict(v.image(), false, reason) : v)
                        .toList()))
        .toList();
  }

  /** An account or region could not be read, so its in-use images are unknown: nothing may go. */
  public static final class UnreadableAccounts extends RuntimeException {
    /**
     * @param accounts one line per account and region, with why
     */
    UnreadableAccounts(List<String> accounts) {
      super(sentence(accounts));
    }

    static String sentence(List<String> accounts) {
      return "nothing may go: what these accounts run could not be read, so any image may be in"
          + " use there: "
          + String.join("; ", accounts);
    }
  }

  /**
   * Deletes what a person confirmed in {@code confirmed}, after planning again: only images both
   * plans delete go, so one that came into use meanwhile is spared.
   *
   * @throws UnreadableAccounts when an account could not be read, now or when confirmed
   */
  public ImageDeleter.Result deleteConfirmed(Plan confirmed) {
    if (!confirmed.unreadable().isEmpty()) {
      throw new UnreadableAccounts(confirmed.unreadable());
    }
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
