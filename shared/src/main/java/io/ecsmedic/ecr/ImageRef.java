package io.ecsmedic.ecr;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to an image of this account's ECR registry, as a task definition, a task, a rule or a
 * Lambda function names it: by tag, by digest, or both ({@code repo:tag@sha256:...}).
 *
 * @param tag null when referenced by digest only
 * @param digest null when referenced by tag only
 */
public record ImageRef(String repository, String tag, String digest) {
  private static final Pattern ECR_URI =
      Pattern.compile(
          "(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/"
              + "([a-z0-9][a-z0-9._/-]*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?");

  public ImageRef {
    Objects.requireNonNull(repository, "repository");
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("an image reference needs a tag or a digest");
    }
  }

  /**
   * The reference an image URI makes into the given account's registry in the given region, or
   * empty for any other registry (Docker Hub, public ECR, another account or region): ecs-medic
   * only cleans its own registry. A URI with neither tag nor digest means {@code latest}.
   */
  public static Optional<ImageRef> parse(String imageUri, String account, String region) {
    if (imageUri == null) {
      return Optional.empty();
    }
    Matcher m = ECR_URI.matcher(imageUri.trim());
    if (!m.matches() || !m.group(1).equals(account) || !m.group(2).equals(region)) {
      return Optional.empty();
    }
    String tag = m.group(4);
    String digest = m.group(5);
    return Optional.of(
        new ImageRef(m.group(3), tag == null && digest == null ? "latest" : tag, digest));
  }
}
