package io.ecsmedic.ecr;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small builders for hygiene tests: images, references and policies with readable digests. */
final class EcrEstates {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final long MIB = 1024 * 1024;
  static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String INDEX = "application/vnd.oci.image.index.v1+json";

  private EcrEstates() {}

  /** {@code sha256:} and 64 hex digits; the short form (12) is {@code n} in hex, thrice. */
  static String digest(int n) {
    return "sha256:" + String.format("%04x", n).repeat(16);
  }

  static EcrImage image(String repository, int n, int daysAgo, String... tags) {
    return new EcrImage(
        repository, digest(n), List.of(tags), ago(daysAgo), 100 * MIB, MANIFEST, List.of());
  }

  static EcrImage sized(String repository, int n, int daysAgo, long sizeBytes, String... tags) {
    return new EcrImage(
        repository, digest(n), List.of(tags), ago(daysAgo), sizeBytes, MANIFEST, List.of());
  }

  static EcrImage index(String repository, int n, int daysAgo, List<String> tags, int... children) {
    List<String> childDigests =
        java.util.Arrays.stream(children).mapToObj(EcrEstates::digest).toList();
    return new EcrImage(repository, digest(n), tags, ago(daysAgo), 1024, INDEX, childDigests);
  }

  static Instant ago(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  static InUse byTag(String repository, String tag, String usedBy) {
    return new InUse(new ImageRef(repository, tag, null), usedBy);
  }

  static InUse byDigest(String repository, int n, String usedBy) {
    return new InUse(new ImageRef(repository, null, digest(n)), usedBy);
  }

  /** Newest N tagged, pushed within D days; no pull-through prefixes (cache window 7 days). */
  static HygienePolicy policy(int keepNewestTagged, int keepPushedWithinDays) {
    return new HygienePolicy(
        keepNewestTagged, Duration.ofDays(keepPushedWithinDays), List.of(), Duration.ofDays(7));
  }
}
