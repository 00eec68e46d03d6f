package io.ecsmedic.ecr;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One image (manifest) in an ECR repository, as DescribeImages reports it.
 *
 * @param digest the manifest digest ({@code sha256:...}), the image's identity
 * @param tags the tags pointing at it now (empty: untagged)
 * @param sizeBytes what deleting it would save (ECR's imageSizeInBytes)
 * @param mediaType the manifest media type; an index (manifest list) has children
 * @param childDigests for an index, the digests of the per-platform manifests it lists; else empty
 */
public record EcrImage(
    String repository,
    String digest,
    List<String> tags,
    Instant pushedAt,
    long sizeBytes,
    String mediaType,
    List<String> childDigests) {
  public EcrImage {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(pushedAt, "pushedAt");
    tags = List.copyOf(tags);
    childDigests = List.copyOf(childDigests);
  }

  /** Whether this is a multi-platform index (Docker manifest list or OCI image index). */
  public boolean isIndex() {
    return !childDigests.isEmpty();
  }
}
