package io.ecsmedic.ecr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hygiene plan for people (text) and programs (JSON). The text is what an operator reads before
 * switching the job from dry run to enforce, so it stays short at a registry's scale: only
 * repositories with deletions get a section, each listing at most {@value #MAX_LISTED} deletions,
 * newest first (the ones most worth a second look).
 *
 * <p>Sizes are ECR's {@code imageSizeInBytes} summed: layers shared with kept images stay, so the
 * saving is an upper bound ("saves up to").
 */
public final class HygieneReport {
  /** Deletions listed per repository in the text; the rest are counted. */
  public static final int MAX_LISTED = 20;

  private static final int MAX_TAGS_SHOWN = 3;
  private static final int MAX_TAGS_WIDTH = 32;

  private HygieneReport() {}

  /**
   * For example:
   *
   * <pre>
   * orders-api: delete 2 of 5 images, saves up to 240.0 MiB
   *   3f1c0a9b2d4e  v1           2026-10-20   120.0 MiB  tag v1 not in use, ...
   *   8a7b6c5d4e3f  &lt;untagged&gt;  2026-10-19   120.0 MiB  untagged, not in use, ...
   * 3 repositories: nothing to delete
   * total: delete 2 of 40 images in 1 of 4 repositories, saves up to 240.0 MiB
   * </pre>
   */
  public static String text(List<RepositoryPlan> plans) {
    StringBuilder b = new StringBuilder();
    int images = 0;
    int deleted = 0;
    int repositoriesWithDeletions = 0;
    long bytes = 0;
    for (RepositoryPlan plan : plans) {
      List<Verdict> deletions = plan.deletions();
      images += plan.verdicts().size();
      if (deletions.isEmpty()) {
        continue;
      }
      repositoriesWithDeletions++;
      deleted += deletions.size();
      long saved = plan.bytesSaved();
      bytes += saved;
      b.append(plan.repository())
          .append(plan.pullThrough() ? " (pull-through cache)" : "")
          .append(": delete ")
          .append(deletions.size())
          .append(" of ")
          .append(images(plan.verdicts().size()))
          .append(", saves up to ")
          .append(mib(saved))
          .append('\n');
      List<Verdict> listed = deletions.subList(0, Math.min(MAX_LISTED, deletions.size()));
      int tagsWidth = listed.stream().mapToInt(v -> tags(v.image()).length()).max().orElse(0);
      for (Verdict v : listed) {
        EcrImage image = v.image();
        b.append("  ")
            .append(HygienePlanner.shortDigest(image.digest()))
            .append("  ")
            .append(pad(tags(image), tagsWidth))
            .append("  ")
            .append(image.pushedAt().atOffset(ZoneOffset.UTC).toLocalDate())
            .append("  ")
            .append(String.format(Locale.ROOT, "%12s", mib(image.sizeBytes())))
            .append("  ")
            .append(v.reason())
            .append('\n');
      }
      if (deletions.size() > listed.size()) {
        b.append("  ... and ").append(deletions.size() - listed.size()).append(" more\n");
      }
    }
    int clean = plans.size() - repositoriesWithDeletions;
    if (clean > 0) {
      b.append(clean)
          .append(clean == 1 ? " repository" : " repositories")
          .append(": nothing to delete\n");
    }
    b.append("total: delete ")
        .append(deleted)
        .append(" of ")
        .append(images(images))
        .append(" in ")
        .append(repositoriesWithDeletions)
        .append(" of ")
        .append(plans.size())
        .append(plans.size() == 1 ? " repository" : " repositories")
        .append(", saves up to ")
        .append(mib(bytes))
        .append('\n');
    return b.toString();
  }

  /** Every deletion of every repository; see {@link #json(List, int)}. */
  public static ObjectNode json(List<RepositoryPlan> plans) {
    return json(plans, Integer.MAX_VALUE);
  }

  /**
   * The plan as JSON: totals, kept counts by {@link Verdict.Kind#key() kind}, and per repository
   * its counts and deletions ({@code digest, tags, pushedAt, sizeBytes, reason}).
   *
   * @param maxListedPerRepository deletions listed per repository; {@code deletionsNotListed}
   *     counts the rest (to fit a Step Functions or Lambda payload)
   */
  public static ObjectNode json(List<RepositoryPlan> plans, int maxListedPerRepository) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    int images = 0;
    int deleted = 0;
    long bytes = 0;
    Map<Verdict.Kind, Integer> kept = new EnumMap<>(Verdict.Kind.class);
    ArrayNode repositories = Json.MAPPER.createArrayNode();
    for (RepositoryPlan plan : plans) {
      List<Verdict> deletions = plan.deletions();
      Map<Verdict.Kind, Integer> planKept = plan.keptByKind();
      planKept.forEach((k, c) -> kept.merge(k, c, Integer::sum));
      images += plan.verdicts().size();
      deleted += deletions.size();
      bytes += plan.bytesSaved();
      ObjectNode r =
          repositories
              .addObject()
              .put("repository", plan.repository())
              .put("pullThrough", plan.pullThrough())
              .put("images", plan.verdicts().size())
              .put("deletions", deletions.size())
              .put("bytesSaved", plan.bytesSaved());
      r.set("kept", counts(planKept));
      ArrayNode list = r.putArray("delete");
      int listed = Math.min(Math.max(0, maxListedPerRepository), deletions.size());
      for (Verdict v : deletions.subList(0, listed)) {
        EcrImage image = v.image();
        ObjectNode d = list.addObject().put("digest", image.digest());
        ArrayNode tags = d.putArray("tags");
        image.tags().forEach(tags::add);
        d.put("pushedAt", image.pushedAt().toString())
            .put("sizeBytes", image.sizeBytes())
            .put("reason", v.reason());
      }
      if (listed < deletions.size()) {
        r.put("deletionsNotListed", deletions.size() - listed);
      }
    }
    o.put("repositories", plans.size());
    o.put("images", images);
    o.put("deletions", deleted);
    o.put("bytesSaved", bytes);
    o.set("kept", counts(kept));
    o.set("plans", repositories);
    return o;
  }

  private static ObjectNode counts(Map<Verdict.Kind, Integer> byKind) {
    ObjectNode counts = Json.MAPPER.createObjectNode();
    byKind.forEach((k, c) -> counts.put(k.key(), c));
    return counts;
  }

  private static String tags(EcrImage image) {
    List<String> tags = image.tags();
    if (tags.isEmpty()) {
      return "<untagged>";
    }
    String shown = String.join(",", tags.subList(0, Math.min(MAX_TAGS_SHOWN, tags.size())));
    String more = tags.size() > MAX_TAGS_SHOWN ? ",+" + (tags.size() - MAX_TAGS_SHOWN) : "";
    if (shown.length() + more.length() > MAX_TAGS_WIDTH) {
      shown = shown.substring(0, MAX_TAGS_WIDTH - more.length() - 3) + "...";
    }
    return shown + more;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String images(int n) {
    return n == 1 ? "1 image" : n + " images";
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
