package io.ecsmedic.ecr;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hygiene verdicts for one repository: exactly one per image, newest push first (ties by
 * digest).
 *
 * @param pullThrough whether the repository is a pull-through cache (its own keep rule applied)
 */
public record RepositoryPlan(String repository, boolean pullThrough, List<Verdict> verdicts) {
  public RepositoryPlan {
    Objects.requireNonNull(repository, "repository");
    verdicts = List.copyOf(verdicts);
  }

  public List<Verdict> deletions() {
    return verdicts.stream().filter(Verdict::delete).toList();
  }

  public List<Verdict> kept() {
    return verdicts.stream().filter(v -> !v.delete()).toList();
  }

  /**
   * The sum of ECR's {@code imageSizeInBytes} over the deletions. An upper bound of the storage
   * freed: ECR stores a layer once per repository, so a layer that a kept image shares stays.
   */
  public long bytesSaved() {
    long sum = 0;
    for (Verdict v : verdicts) {
      if (v.delete()) {
        sum += v.image().sizeBytes();
      }
    }
    return sum;
  }

  /** Kept images counted by the rule that kept them, in {@link Verdict.Kind} order. */
  public Map<Verdict.Kind, Integer> keptByKind() {
    Map<Verdict.Kind, Integer> counts = new EnumMap<>(Verdict.Kind.class);
    for (Verdict v : verdicts) {
      if (!v.delete()) {
        counts.merge(v.kind(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
