package io.ecsmedic.aws.ecr;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.ecr.EcrImage;
import io.ecsmedic.ecr.RepositoryPlan;
import io.ecsmedic.ecr.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * Deletes the images a confirmed plan lists, with BatchDeleteImage in chunks of 100 (its limit),
 * indexes before their platform images (ECR refuses to delete a manifest an index still lists).
 * Only digests: deleting by tag would delete whatever the tag points at by then.
 */
public final class ImageDeleter {
  static final int CHUNK = 100;

  /** What was deleted, and what ECR refused (digest and reason). */
  public record Result(int deleted, List<String> failures) {}

  private final AwsClientFactory aws;
  final AtomicInteger calls = new AtomicInteger();

  ImageDeleter(AwsClientFactory aws) {
    this.aws = aws;
  }

  /**
   * Deletes what both plans delete: the one a person confirmed and a fresh one made right before,
   * so an image that came into use meanwhile is spared.
   */
  public Result delete(List<RepositoryPlan> confirmed, List<RepositoryPlan> fresh) {
    java.util.Map<String, Set<String>> digests = new java.util.HashMap<>();
    for (RepositoryPlan p : confirmed) {
      for (Verdict v : p.deletions()) {
        digests
            .computeIfAbsent(p.repository(), r -> new java.util.HashSet<>())
            .add(v.image().digest());
      }
    }
    return delete(digests, fresh);
  }

  /**
   * Deletes the confirmed digests (by repository) that the fresh plan still deletes, indexes before
   * their platform images.
   */
  public Result delete(java.util.Map<String, Set<String>> confirmed, List<RepositoryPlan> fresh) {
    int deleted = 0;
    List<String> failures = new ArrayList<>();
    for (RepositoryPlan p : fresh) {
      Set<String> wanted = confirmed.getOrDefault(p.repository(), Set.of());
      List<EcrImage> images =
          p.deletions().stream()
              .map(Verdict::image)
              .filter(i -> wanted.contains(i.digest()))
              .sorted(Comparator.comparing((EcrImage i) -> !i.isIndex()))
              .toList();
      for (int i = 0; i < images.size(); i += CHUNK) {
        List<ImageIdentifier> ids =
            images.subList(i, Math.min(i + CHUNK, images.size())).stream()
                .map(img -> ImageIdentifier.builder().imageDigest(img.digest()).build())
                .toList();
        calls.incrementAndGet();
        var response = ecr().batchDeleteImage(r -> r.repositoryName(p.repository()).imageIds(ids));
        deleted +=
            response.imageIds().stream().map(ImageIdentifier::imageDigest).distinct().count();
        response
            .failures()
            .forEach(
                f ->
                    failures.add(
                        p.repository()
                            + "@"
                            + f.imageId().imageDigest()
                            + ": "
                            + f.failureCodeAsString()
                            + " "
                            + f.failureReason()));
      }
    }
    return new Result(deleted, failures);
  }

  private EcrClient ecr() {
    return aws.client(EcrClient.class, EcrClient::builder);
  }
}
