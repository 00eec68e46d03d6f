package io.ecsmedic.change;

/** Short names of the ARNs and images a change report shows. */
final class Revisions {
  private Revisions() {}

  /** {@code arn:aws:ecs:…:task-definition/orders:7} → {@code orders:7}. */
  static String shortName(String arn) {
    if (arn == null) {
      return null;
    }
    int slash = arn.lastIndexOf('/');
    return slash < 0 ? arn : arn.substring(slash + 1);
  }

  /**
   * The part of an image that differs from the other: the tag or digest when both name the same
   * repository ({@code 2025.06.1}), the whole reference otherwise.
   */
  static String imageVersus(String image, String other) {
    if (image == null) {
      return "none";
    }
    String repo = repository(image);
    if (other != null && repo.equals(repository(other)) && repo.length() < image.length()) {
      return image.substring(repo.length() + 1);
    }
    return image;
  }

  /** The repository of {@code host:port/repo:tag} or {@code repo@sha256:…}. */
  static String repository(String image) {
    int at = image.indexOf('@');
    if (at >= 0) {
      return image.substring(0, at);
    }
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
  }

  /**
   * Who made a call, from a CloudTrail identity ARN: {@code assumed-role/ci-deployer/session} →
   * {@code role/ci-deployer}, {@code user/alice} stays; anything else as given.
   */
  static String principal(String arn) {
    if (arn == null || arn.isBlank()) {
      return null;
    }
    int colon = arn.lastIndexOf(':');
    String resource = colon < 0 ? arn : arn.substring(colon + 1);
    if (resource.startsWith("assumed-role/")) {
      String[] parts = resource.split("/");
      return parts.length >= 2 ? "role/" + parts[1] : resource;
    }
    return resource;
  }
}
