package io.ecsmedic.ecr;

import static io.ecsmedic.ecr.EcrEstates.MIB;
import static io.ecsmedic.ecr.EcrEstates.NOW;
import static io.ecsmedic.ecr.EcrEstates.byDigest;
import static io.ecsmedic.ecr.EcrEstates.byTag;
import static io.ecsmedic.ecr.EcrEstates.digest;
import static io.ecsmedic.ecr.EcrEstates.image;
import static io.ecsmedic.ecr.EcrEstates.index;
import static io.ecsmedic.ecr.EcrEstates.policy;
import static io.ecsmedic.ecr.EcrEstates.sized;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HygienePlannerTest {
  private static final HygienePolicy NOTHING_BUT_USE = policy(0, 0);

  /** The verdicts of a single-repository plan, by image number ({@link EcrEstates#digest}). */
  private static Map<String, Verdict> verdicts(List<RepositoryPlan> plans) {
    assertThat(plans).hasSize(1);
    return plans.get(0).verdicts().stream()
        .collect(Collectors.toMap(v -> v.image().digest(), Function.identity()));
  }

  private static Verdict verdict(List<RepositoryPlan> plans, int n) {
    return verdicts(plans).get(digest(n));
  }

  // --- rule 1: in use ---

  @Test
  void keepsAnImageReferencedByDigest() {
    var plans =
        HygienePlanner.plan(
            List.of(image("api", 1, 90, "v1"), image("api", 2, 90)),
            List.of(byDigest("api", 2, "task prod/abc123")),
            NOTHING_BUT_USE,
            NOW);

    assertThat(verdict(plans, 2))
        .isEqualTo(new Verdict(image("api", 2, 90), false, "in use by task prod/abc123"));
    assertThat(verdict(plans, 1).delete()).isTrue();
  }

  @Test
  void keepsAnImageReferencedByOneOfItsCurrentTags() {
    var plans =
        HygienePlanner.plan(
            List.of(image("api", 1, 90, "v1", "prod"), image("api", 2, 90, "v0")),
            List.of(byTag("api", "prod", "service prod/api"), byTag("api", "v7", "rule nightly")),
            NOTHING_BUT_USE,
            NOW);

    assertThat(verdict(plans, 1).reason()).isEqualTo("in use by service prod/api");
    assertThat(verdict(plans, 2).delete()).as("no image carries v7 any more").isTrue();
  }

  @Test
  void namesTheFirstUserAndCountsTheOthersOnce() {
    var plans =
        HygienePlanner.plan(
            List.of(image("api", 1, 90, "v1", "prod")),
            List.of(
                byTag("api", "v1", "service prod/api"),
                byDigest("api", 1, "service prod/api"),
                byTag("api", "prod", "task prod/9f8e"),
                byTag("api", "prod", "schedule nightly-report")),
            NOTHING_BUT_USE,
            NOW);

    assertThat(verdict(plans, 1).reason()).isEqualTo("in use by service prod/api +2 more");
  }

  @Test
  void aReferenceProtectsOnlyItsOwnRepository() {
    // The same manifest pushed to two repositories has the same digest in both.
    var plans =
        HygienePlanner.plan(
            List.of(image("api", 1, 90, "v1"), image("api-mirror", 1, 90, "v1")),
            List.of(byDigest("api", 1, "service prod/api"), byTag("api", "v1", "service x")),
            NOTHING_BUT_USE,
            NOW);

    assertThat(plans).extracting(RepositoryPlan::repository).containsExactly("api", "api-mirror");
    assertThat(plans.get(0).verdicts().get(0).delete()).isFalse();
    assertThat(plans.get(1).verdicts().get(0).delete()).isTrue();
  }

  @Test
  void inUseOutranksEveryOtherKeepReason() {
    var plans =
        HygienePlanner.plan(
            List.of(image("api", 1, 1, "v1")),
            List.of(byTag("api", "v1", "service prod/api")),
            policy(10, 30),
            NOW);

    assertThat(verdict(plans, 1).reason()).isEqualTo("in use by service prod/api");
    assertThat(verdict(plans, 1).kind()).isEqualTo(Verdict.Kind.IN_USE);
  }

  // --- rules 4 and 5, and what is deleted ---

  @Test
  void keepsTheNewestTaggedImagesBreakingTiesByDigest() {
    var plans =
        HygienePlanner.plan(
            List.of(
                image("api", 3, 50, "c"),
                image("api", 9, 1), // newer, but untagged: not counted
                image("api", 2, 50, "b"),
                image("api", 1, 50, "a"),
                image("api", 4, 60, "d")),
            List.of(),
            policy(2, 0),
            NOW);

    assertThat(verdict(plans, 1).reason()).isEqualTo("among the newest 2 tagged");
    assertThat(verdict(plans, 2).reason()).isEqualTo("among the newest 2 tagged");
    assertThat(verdict(plans, 3).reason())
        .isEqualTo("tag c not in use, not among the newest 2 tagged, pushed 50 days ago");
    assertThat(verdict(plans, 4).delete()).isTrue();
    assertThat(verdict(plans, 9).reason()).isEqualTo("untagged, not in use, pushed 1 day ago");
  }

  @Test
  void anInUseImageCountsTowardsTheNewestN() {
    var plans =
        HygienePlanner.plan(
            List.of(image("api", 1, 10, "v2"), image("api", 2, 20, "v1")),
            List.of(byTag("api", "v2", "service prod/api")),
            policy(1, 0),
            NOW);

    assertThat(verdict(plans, 1).kind()).isEqualTo(Verdict.Kind.IN_USE);
    assertThat(verdict(plans, 2).delete()).isTrue();
  }

  @Test
  void keepsWhatWasPushedWithinTheWindow() {
    var plans =
        HygienePlanner.plan(
            List.of(image("api", 1, 3), image("api", 2, 14), image("api", 3, 0)),
            List.of(),
            policy(0, 14),
            NOW);

    assertThat(verdict(plans, 1).reason()).isEqualTo("pushed 3 days ago (within 14 days)");
    assertThat(verdict(plans, 3).reason()).isEqualTo("pushed today (within 14 days)");
    assertThat(verdict(plans, 2).reason())
        .as("exactly at the window's edge is outside")
        .isEqualTo("untagged, not in use, pushed 14 days ago");
  }

  @Test
  void windowsThatAreNotWholeDaysReadInHours() {
    var policy = new HygienePolicy(0, Duration.ofHours(36), List.of(), Duration.ofDays(1));
    var plans = HygienePlanner.plan(List.of(image("api", 1, 1)), List.of(), policy, NOW);

    assertThat(verdict(plans, 1).reason()).isEqualTo("pushed 1 day ago (within 36 hours)");
  }

  @Test
  void explainsEveryDeletion() {
    var plans =
        HygienePlanner.plan(
            List.of(image("api", 1, 40), image("api", 2, 40, "v1", "v2"), image("api", 3, 5, "v3")),
            List.of(),
            policy(1, 30),
            NOW);

    assertThat(verdict(plans, 1).reason()).isEqualTo("untagged, not in use, pushed 40 days ago");
    assertThat(verdict(plans, 2).reason())
        .isEqualTo("tags v1,v2 not in use, not among the newest 1 tagged, pushed 40 days ago");
    assertThat(verdict(plans, 3).reason()).isEqualTo("among the newest 1 tagged");
  }

  @Test
  void keepNewestTaggedZeroLeavesThatClauseOut() {
    var plans =
        HygienePlanner.plan(List.of(image("api", 1, 40, "v1")), List.of(), policy(0, 30), NOW);

    assertThat(verdict(plans, 1).reason()).isEqualTo("tag v1 not in use, pushed 40 days ago");
  }

  // --- rule 2: indexes and their platform images ---

  @Test
  void platformImagesOfAKeptIndexAreKeptWhateverTheInputOrder() {
    List<EcrImage> estate =
        new ArrayList<>(
            List.of(
                image("api", 2, 90),
                image("api", 3, 90),
                index("api", 10, 90, List.of("v1"), 2, 3),
                image("api", 4, 90)));
    for (int rotation = 0; rotation < estate.size(); rotation++) {
      Collections.rotate(estate, 1);
      for (List<EcrImage> order : List.of(estate, estate.reversed())) {
        var plans =
            HygienePlanner.plan(
                order, List.of(byTag("api", "v1", "service prod/api")), NOTHING_BUT_USE, NOW);

        assertThat(verdict(plans, 10).reason()).isEqualTo("in use by service prod/api");
        assertThat(verdict(plans, 2).reason())
            .isEqualTo("platform image of kept index 000a000a000a");
        assertThat(verdict(plans, 3).reason())
            .isEqualTo("platform image of kept index 000a000a000a");
        assertThat(verdict(plans, 4).delete()).isTrue();
      }
    }
  }

  @Test
  void anIndexKeptForAnyReasonKeepsItsPlatformImagesAndThatReasonOutranksRecency() {
    var plans =
        HygienePlanner.plan(
            List.of(index("api", 10, 2, List.of("v1"), 2), image("api", 2, 2)),
            List.of(),
            policy(1, 30),
            NOW);

    assertThat(verdict(plans, 10).reason()).isEqualTo("among the newest 1 tagged");
    assertThat(verdict(plans, 2).reason()).isEqualTo("platform image of kept index 000a000a000a");
    assertThat(verdict(plans, 2).kind()).isEqualTo(Verdict.Kind.KEPT_INDEX_CHILD);
  }

  @Test
  void platformImagesOfADeletedIndexAreDeletedWithIt() {
    var plans =
        HygienePlanner.plan(
            List.of(
                index("api", 10, 90, List.of("v1"), 2, 3), image("api", 2, 90), image("api", 3, 2)),
            List.of(),
            policy(0, 30),
            NOW);

    assertThat(verdict(plans, 10).reason()).isEqualTo("tag v1 not in use, pushed 90 days ago");
    assertThat(verdict(plans, 2))
        .isEqualTo(
            new Verdict(image("api", 2, 90), true, "platform image of deleted index 000a000a000a"));
    assertThat(verdict(plans, 2).kind()).isEqualTo(Verdict.Kind.DELETED_INDEX_CHILD);
    assertThat(verdict(plans, 3).reason())
        .as("kept on its own: an operator sees the index go and this stay")
        .isEqualTo("pushed 2 days ago (within 30 days)");
  }

  @Test
  void aReferenceByDigestToAPlatformImageKeepsThatImageButNotItsIndex() {
    var plans =
        HygienePlanner.plan(
            List.of(
                index("api", 10, 90, List.of("v1"), 2, 3),
                image("api", 2, 90),
                image("api", 3, 90)),
            List.of(byDigest("api", 2, "task prod/arm64-canary")),
            NOTHING_BUT_USE,
            NOW);

    assertThat(verdict(plans, 2).reason()).isEqualTo("in use by task prod/arm64-canary");
    assertThat(verdict(plans, 10).delete()).isTrue();
    assertThat(verdict(plans, 3).reason())
        .isEqualTo("platform image of deleted index 000a000a000a");
  }

  @Test
  void aPlatformImageSharedByAKeptAndADeletedIndexIsKept() {
    var plans =
        HygienePlanner.plan(
            List.of(
                index("api", 10, 90, List.of("v1"), 2),
                index("api", 11, 95, List.of("v0"), 2),
                image("api", 2, 90)),
            List.of(byTag("api", "v1", "service prod/api")),
            NOTHING_BUT_USE,
            NOW);

    assertThat(verdict(plans, 11).delete()).isTrue();
    assertThat(verdict(plans, 2).reason()).isEqualTo("platform image of kept index 000a000a000a");
  }

  @Test
  void nestedIndexesAreKeptAllTheWayDownAndCyclesEnd() {
    var plans =
        HygienePlanner.plan(
            List.of(
                index("api", 10, 90, List.of("v1"), 11, 404),
                index("api", 11, 90, List.of(), 3),
                image("api", 3, 90),
                index("api", 20, 90, List.of(), 21),
                index("api", 21, 90, List.of(), 20, 21)),
            List.of(byTag("api", "v1", "service prod/api")),
            NOTHING_BUT_USE,
            NOW);

    assertThat(verdict(plans, 11).reason()).isEqualTo("platform image of kept index 000a000a000a");
    assertThat(verdict(plans, 3).reason()).isEqualTo("platform image of kept index 000b000b000b");
    assertThat(verdict(plans, 20).delete()).isTrue();
    assertThat(verdict(plans, 21).delete()).isTrue();
    assertThat(plans.get(0).verdicts()).hasSize(5);
  }

  @Test
  void platformImagesOfANestedDeletedIndexNameTheirOwnIndex() {
    var plans =
        HygienePlanner.plan(
            List.of(
                index("api", 10, 90, List.of("v1"), 11),
                index("api", 11, 95, List.of(), 3),
                image("api", 3, 95)),
            List.of(),
            NOTHING_BUT_USE,
            NOW);

    assertThat(verdict(plans, 11).reason())
        .isEqualTo("platform image of deleted index 000a000a000a");
    assertThat(verdict(plans, 3).reason())
        .isEqualTo("platform image of deleted index 000b000b000b");
  }

  @Test
  void anImageListedTwiceGetsTwoVerdictsAndTheSameProtection() {
    // DescribeImages does not repeat a digest, but a retried page could.
    var plans =
        HygienePlanner.plan(
            List.of(
                index("api", 10, 90, List.of("v1"), 2), image("api", 2, 90), image("api", 2, 90)),
            List.of(byTag("api", "v1", "service prod/api")),
            NOTHING_BUT_USE,
            NOW);

    assertThat(plans.get(0).verdicts()).hasSize(3).noneMatch(Verdict::delete);
  }

  // --- rule 3: pull-through caches ---

  @Test
  void pullThroughCachesKeepWhatIsInUseOrCachedRecentlyAndNothingElse() {
    var policy =
        new HygienePolicy(10, Duration.ofDays(30), List.of("docker-hub/"), Duration.ofDays(7));
    String repo = "docker-hub/library/nginx";
    var plans =
        HygienePlanner.plan(
            List.of(
                image(repo, 1, 3, "1.27"),
                image(repo, 2, 10, "1.26"),
                image(repo, 3, 200, "1.25"),
                index(repo, 10, 2, List.of("latest"), 4),
                image(repo, 4, 20),
                image("app", 5, 10, "v1")),
            List.of(byTag(repo, "1.25", "service prod/proxy")),
            policy,
            NOW);

    assertThat(plans).extracting(RepositoryPlan::repository).containsExactly("app", repo);
    assertThat(plans.get(0).pullThrough()).isFalse();
    assertThat(plans.get(0).verdicts().get(0).reason()).isEqualTo("among the newest 10 tagged");
    RepositoryPlan cache = plans.get(1);
    assertThat(cache.pullThrough()).isTrue();
    Map<String, Verdict> v = verdicts(List.of(cache));
    assertThat(v.get(digest(1)).reason()).isEqualTo("cached within 7 days");
    assertThat(v.get(digest(2)))
        .as("newest-N and the 30-day window do not apply to a cache")
        .isEqualTo(
            new Verdict(
                image(repo, 2, 10, "1.26"),
                true,
                "pull-through cache copy older than 7 days, not in use"));
    assertThat(v.get(digest(2)).kind()).isEqualTo(Verdict.Kind.PULL_THROUGH_EXPIRED);
    assertThat(v.get(digest(3)).reason()).isEqualTo("in use by service prod/proxy");
    assertThat(v.get(digest(10)).kind()).isEqualTo(Verdict.Kind.PULL_THROUGH_CACHED);
    assertThat(v.get(digest(4)).reason()).isEqualTo("platform image of kept index 000a000a000a");
  }

  // --- the plan's shape ---

  @Test
  void bytesSavedIsTheSumOfTheDeletedSizes() {
    var plans =
        HygienePlanner.plan(
            List.of(
                sized("api", 1, 40, 300 * MIB),
                sized("api", 2, 40, 200 * MIB, "v1"),
                sized("api", 3, 1, 999 * MIB)),
            List.of(byTag("api", "v1", "service prod/api")),
            policy(0, 30),
            NOW);

    RepositoryPlan plan = plans.get(0);
    assertThat(plan.bytesSaved()).isEqualTo(300 * MIB);
    assertThat(plan.deletions()).extracting(v -> v.image().digest()).containsExactly(digest(1));
    assertThat(plan.kept())
        .extracting(v -> v.image().digest())
        .containsExactly(digest(3), digest(2));
    assertThat(plan.keptByKind())
        .containsExactly(Map.entry(Verdict.Kind.IN_USE, 1), Map.entry(Verdict.Kind.RECENT, 1));
  }

  @Test
  void plansOneRepositoryPerNameSortedWithVerdictsNewestFirst() {
    var plans =
        HygienePlanner.plan(
            List.of(image("web", 1, 5), image("api", 2, 9), image("web", 3, 1), image("api", 4, 2)),
            List.of(byTag("no-such-repo", "v1", "service prod/ghost")),
            policy(0, 30),
            NOW);

    assertThat(plans).extracting(RepositoryPlan::repository).containsExactly("api", "web");
    assertThat(plans.get(1).verdicts())
        .extracting(v -> v.image().digest())
        .containsExactly(digest(3), digest(1));
  }

  @Test
  void anEmptyRegistryHasNoPlans() {
    assertThat(
            HygienePlanner.plan(List.of(), List.of(byTag("api", "v1", "x")), NOTHING_BUT_USE, NOW))
        .isEmpty();
  }

  @Test
  void aVerdictWrittenByHandIsOfKindOther() {
    assertThat(new Verdict(image("api", 1, 1), false, "kept by an operator").kind())
        .isEqualTo(Verdict.Kind.OTHER);
    assertThat(new Verdict(image("api", 1, 1), true, "removed by an operator").kind())
        .isEqualTo(Verdict.Kind.UNUSED);
  }

  @Test
  void handlesARegistryOfTwoHundredThousandImages() {
    // Not timed: a quadratic step would make this test (and the build) crawl, which is the signal.
    List<EcrImage> images = new ArrayList<>();
    List<InUse> inUse = new ArrayList<>();
    for (int r = 0; r < 200; r++) {
      String repo = "repo-" + r;
      for (int i = 0; i < 1000; i++) {
        images.add(image(repo, i, i % 400, i % 3 == 0 ? "build-" + i : "x-" + i));
      }
      inUse.add(byTag(repo, "build-999", "service prod/" + repo));
    }

    var plans = HygienePlanner.plan(images, inUse, policy(10, 30), NOW);

    assertThat(plans).hasSize(200);
    assertThat(plans.get(0).verdicts()).hasSize(1000);
    // Days 0..29 recur at i, i+400, i+800: 90 recent, the newest 10 of them by the tagged rule.
    assertThat(plans.get(0).keptByKind())
        .containsExactly(
            Map.entry(Verdict.Kind.IN_USE, 1),
            Map.entry(Verdict.Kind.NEWEST_TAGGED, 10),
            Map.entry(Verdict.Kind.RECENT, 80));
  }
}
