package io.ecsmedic.ecrhygiene;

import io.ecsmedic.ecr.EcrImage;
import io.ecsmedic.ecr.HygienePlanner;
import io.ecsmedic.ecr.HygienePolicy;
import io.ecsmedic.ecr.HygieneReport;
import io.ecsmedic.ecr.ImageRef;
import io.ecsmedic.ecr.InUse;
import io.ecsmedic.ecr.RepositoryPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The ECR hygiene function's SnapStart priming (see {@link io.ecsmedic.snapstart.SnapStartHooks}):
 * before the snapshot, plans a made-up repository (an image in use, an old untagged one, the newest
 * tagged) under the function's own policy and renders the report (text and JSON), as a dry run does
 * after its reads. The times are fixed, never the clock's.
 *
 * <p>Small, because the dry run is a weekly job whose reads take minutes: nobody waits on its first
 * second. Not primed, because each would call AWS: what is in use (ECS, EventBridge, Scheduler,
 * Lambda, member accounts), what the registry holds, the report's publish, the cleanup workflow.
 *
 * <p>Nothing to refresh after a restore: the function caches nothing at initialisation but its
 * clients, which resolve credentials and connect on their first call; its run ids and "now" are
 * read from the clock when it runs.
 */
final class EcrHygienePriming {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String REPOSITORY = "priming";

  private final HygienePolicy policy;

  EcrHygienePriming(HygienePolicy policy) {
    this.policy = policy;
  }

  /** Plans and renders the made-up repository; returns the plans, for the tests. */
  List<RepositoryPlan> prime() {
    List<EcrImage> images =
        List.of(
            image("sha256:" + "1".repeat(64), List.of("v1"), Duration.ofDays(400)),
            image("sha256:" + "2".repeat(64), List.of(), Duration.ofDays(300)),
            image("sha256:" + "3".repeat(64), List.of("v3"), Duration.ofDays(1)));
    List<InUse> inUse =
        List.of(new InUse(new ImageRef(REPOSITORY, "v1", null), "ECS service prod/priming"));
    List<RepositoryPlan> plans = HygienePlanner.plan(images, inUse, policy, NOW);
    HygieneReport.text(plans);
    HygieneReport.json(plans).toString();
    return plans;
  }

  private static EcrImage image(String digest, List<String> tags, Duration age) {
    return new EcrImage(
        REPOSITORY,
        digest,
        tags,
        NOW.minus(age),
        10_000_000L,
        "application/vnd.oci.image.manifest.v1+json",
        List.of());
  }
}
