package io.ecsmedic.ecr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, for every image of the registry, whether the ECR hygiene job deletes it, and names the
 * rule that decided. Pure: it reads the images, what uses them and the policy, and calls nothing.
 *
 * <p>An image is kept by the first of these that applies, which also names the reason:
 *
 * <ol>
 *   <li><b>In use</b>: an {@link InUse} reference of the same repository names its digest, or one
 *       of its current tags. A reference to one platform image of an index keeps that image only,
 *       not the index.
 *   <li><b>Platform image of a kept index</b>: the index (manifest list) lists it and is kept for
 *       any reason. Deleting the child would break every pull of the index, so this closes over
 *       nested indexes too, whatever order the images come in.
 *   <li><b>Pull-through cache</b> ({@link HygienePolicy#isPullThrough}): pushed (cached) within
 *       {@code pullThroughKeep}. Rules 4 and 5 do not apply there: every image in a cache is an
 *       upstream tag, and a pull through the cache fetches it again from upstream while upstream
 *       still has it.
 *   <li><b>Newest tagged</b>: among the repository's {@code keepNewestTagged} most recently pushed
 *       tagged images (ties broken by digest); in-use images count towards the N.
 *   <li><b>Recent</b>: pushed within {@code keepPushedWithin}.
 * </ol>
 *
 * Everything else is deleted. The platform images of a deleted index go with it unless a rule keeps
 * them.
 *
 * <p>A pull (ECR's {@code lastRecordedPullTime}) is never a reason to keep: image scanners pull
 * images too, so a recent pull is no evidence that anything runs the image. Use is what {@link
 * InUse} says, from the services, tasks, rules, schedules and functions that name the image.
 *
 * <p>Cost is linear in images plus references (hash maps keyed by digest and tag), apart from one
 * sort per repository for "newest".
 */
public final class HygienePlanner {
  private static final Comparator<EcrImage> NEWEST_FIRST =
      Comparator.comparing(EcrImage::pushedAt).reversed().thenComparing(EcrImage::digest);

  private HygienePlanner() {}

  /**
   * One plan per repository that has images, sorted by repository name. References to repositories
   * or images that are not in {@code images} are ignored.
   */
  public static List<RepositoryPlan> plan(
      List<EcrImage> images, List<InUse> inUse, HygienePolicy policy, Instant now) {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(inUse, "inUse");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(now, "now");
    Map<String, List<EcrImage>> byRepository = new TreeMap<>();
    for (EcrImage image : images) {
      byRepository.computeIfAbsent(image.repository(), r -> new ArrayList<>()).add(image);
    }
    Map<String, Refs> refs = new HashMap<>();
    for (int i = 0; i < inUse.size(); i++) {
      ImageRef ref = inUse.get(i).ref();
      if (byRepository.containsKey(ref.repository())) {
        refs.computeIfAbsent(ref.repository(), r -> new Refs()).add(ref, i);
      }
    }
    List<RepositoryPlan> plans = new ArrayList<>(byRepository.size());
    for (Map.Entry<String, List<EcrImage>> e : byRepository.entrySet()) {
      Refs repoRefs = refs.getOrDefault(e.getKey(), Refs.NONE);
      plans.add(planRepository(e.getKey(), e.getValue(), repoRefs, inUse, policy, now));
    }
    return List.copyOf(plans);
  }

  private static RepositoryPlan planRepository(
      String repository,
      List<EcrImage> unsorted,
      Refs refs,
      List<InUse> inUse,
      HygienePolicy policy,
      Instant now) {
    EcrImage[] images = unsorted.toArray(EcrImage[]::new);
    Arrays.sort(images, NEWEST_FIRST);
    int n = images.length;
    // Positions by digest: the first in a map, any repeats of the digest chained through next[].
    Map<String, Integer> first = HashMap.newHashMap(n);
    int[] next = new int[n];
    for (int p = n - 1; p >= 0; p--) {
      Integer later = first.put(images[p].digest(), p);
      next[p] = later == null ? -1 : later;
    }
    boolean pullThrough = policy.isPullThrough(repository);
    Instant recentSince = now.minus(policy.keepPushedWithin());
    Instant cachedSince = now.minus(policy.pullThroughKeep());

    // Rules 1, 3, 4, 5: each image on its own.
    Verdict.Kind[] kind = new Verdict.Kind[n];
    String[] detail = new String[n];
    int taggedSeen = 0;
    for (int p = 0; p < n; p++) {
      EcrImage image = images[p];
      boolean newestTagged = false;
      if (!image.tags().isEmpty()) {
        newestTagged = taggedSeen < policy.keepNewestTagged();
        taggedSeen++;
      }
      String users = refs.users(image, inUse);
      if (users != null) {
        kind[p] = Verdict.Kind.IN_USE;
        detail[p] = users;
      } else if (pullThrough) {
        if (image.pushedAt().isAfter(cachedSince)) {
          kind[p] = Verdict.Kind.PULL_THROUGH_CACHED;
        }
      } else if (newestTagged) {
        kind[p] = Verdict.Kind.NEWEST_TAGGED;
      } else if (image.pushedAt().isAfter(recentSince)) {
        kind[p] = Verdict.Kind.RECENT;
      }
    }

    // Rule 2: close over the platform images of kept indexes (any depth, cycles tolerated).
    ArrayDeque<Integer> work = new ArrayDeque<>();
    for (int p = 0; p < n; p++) {
      if (kind[p] != null && images[p].isIndex()) {
        work.add(p);
      }
    }
    while (!work.isEmpty()) {
      int index = work.poll();
      for (String child : images[index].childDigests()) {
        for (int c = first.getOrDefault(child, -1); c >= 0; c = next[c]) {
          if (c == index || kind[c] == Verdict.Kind.IN_USE) {
            continue;
          }
          if (kind[c] == null && images[c].isIndex()) {
            work.add(c);
          }
          if (kind[c] != Verdict.Kind.KEPT_INDEX_CHILD) {
            kind[c] = Verdict.Kind.KEPT_INDEX_CHILD;
            detail[c] = shortDigest(images[index].digest());
          }
        }
      }
    }

    // What is left is deleted; platform images of a deleted index say so.
    for (int p = 0; p < n; p++) {
      if (kind[p] != null && !kind[p].delete() || !images[p].isIndex()) {
        continue;
      }
      for (String child : images[p].childDigests()) {
        for (int c = first.getOrDefault(child, -1); c >= 0; c = next[c]) {
          if (c != p && kind[c] == null) {
            kind[c] = Verdict.Kind.DELETED_INDEX_CHILD;
            detail[c] = shortDigest(images[p].digest());
          }
        }
      }
    }

    List<Verdict> verdicts = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      EcrImage image = images[p];
      Verdict.Kind k = kind[p];
      if (k == null) {
        k = pullThrough ? Verdict.Kind.PULL_THROUGH_EXPIRED : Verdict.Kind.UNUSED;
      }
      verdicts.add(new Verdict(image, k.delete(), reason(k, image, detail[p], policy, now)));
    }
    return new RepositoryPlan(repository, pullThrough, verdicts);
  }

  private static String reason(
      Verdict.Kind kind, EcrImage image, String detail, HygienePolicy policy, Instant now) {
    String rest =
        switch (kind) {
          case IN_USE, KEPT_INDEX_CHILD, DELETED_INDEX_CHILD -> detail;
          case PULL_THROUGH_CACHED -> days(policy.pullThroughKeep());
          case NEWEST_TAGGED -> policy.keepNewestTagged() + " tagged";
          case RECENT ->
              age(image.pushedAt(), now) + " (within " + days(policy.keepPushedWithin()) + ")";
          case PULL_THROUGH_EXPIRED -> days(policy.pullThroughKeep()) + ", not in use";
          case UNUSED -> unused(image, policy, now);
          case OTHER -> throw new IllegalStateException("the planner never writes OTHER");
        };
    return kind.prefix() + rest;
  }

  private static String unused(EcrImage image, HygienePolicy policy, Instant now) {
    StringBuilder b = new StringBuilder();
    if (image.tags().isEmpty()) {
      b.append("untagged, not in use");
    } else {
      b.append(image.tags().size() == 1 ? "tag " : "tags ")
          .append(String.join(",", image.tags()))
          .append(" not in use");
      if (policy.keepNewestTagged() > 0) {
        b.append(", not among the newest ").append(policy.keepNewestTagged()).append(" tagged");
      }
    }
    return b.append(", pushed ").append(age(image.pushedAt(), now)).toString();
  }

  /** "40 days ago", "1 day ago", "today" (also for a push time ahead of {@code now}). */
  static String age(Instant pushedAt, Instant now) {
    long d = Duration.between(pushedAt, now).toDays();
    return d <= 0 ? "today" : d == 1 ? "1 day ago" : d + " days ago";
  }

  /** "30 days", "1 day", or hours when the window is not whole days. */
  static String days(Duration window) {
    long d = window.toDays();
    if (window.equals(Duration.ofDays(d))) {
      return d == 1 ? "1 day" : d + " days";
    }
    long h = window.toHours();
    return h == 1 ? "1 hour" : h + " hours";
  }

  /** The first 12 hex digits of a digest, as {@code docker images} shows them. */
  static String shortDigest(String digest) {
    String hex = digest.substring(digest.indexOf(':') + 1);
    return hex.length() <= 12 ? hex : hex.substring(0, 12);
  }

  /** One repository's references, by digest and by tag, as positions in the InUse list. */
  private static final class Refs {
    static final Refs NONE = new Refs();

    private final Map<String, List<Integer>> byDigest = new HashMap<>();
    private final Map<String, List<Integer>> byTag = new HashMap<>();

    void add(ImageRef ref, int position) {
      if (ref.digest() != null) {
        byDigest.computeIfAbsent(ref.digest(), d -> new ArrayList<>(1)).add(position);
      }
      if (ref.tag() != null) {
        byTag.computeIfAbsent(ref.tag(), t -> new ArrayList<>(1)).add(position);
      }
    }

    /** "service a" or "service a +2 more" (first in InUse order), or null when unused. */
    String users(EcrImage image, List<InUse> inUse) {
      List<Integer> hits = byDigest.get(image.digest());
      List<Integer> all = hits == null ? null : new ArrayList<>(hits);
      for (String tag : image.tags()) {
        List<Integer> t = byTag.get(tag);
        if (t != null) {
          if (all == null) {
            all = new ArrayList<>(t);
          } else {
            all.addAll(t);
          }
        }
      }
      if (all == null) {
        return null;
      }
      all.sort(null);
      Set<String> names = new LinkedHashSet<>();
      for (int i : all) {
        names.add(inUse.get(i).usedBy());
      }
      String first = names.iterator().next();
      return names.size() == 1 ? first : first + " +" + (names.size() - 1) + " more";
    }
  }
}
