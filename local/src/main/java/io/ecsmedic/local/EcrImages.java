package io.ecsmedic.local;

import io.ecsmedic.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.ecr.EcrClient;

/** Images for the emulator's ECR: the demo, the benchmarks and the end-to-end tests push these. */
final class EcrImages {
  private EcrImages() {}

  /**
   * PutImage with the manifest's own media type, as docker and buildx send it (the emulator does
   * not read it from the manifest, as ECR does, and would otherwise list an index as a plain
   * image).
   *
   * @param tag null for an untagged image
   * @return the image's digest
   */
  static String push(EcrClient ecr, String repo, String tag, String manifest) {
    String mediaType;
    try {
      mediaType = Json.MAPPER.readTree(manifest).path("mediaType").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ecr.putImage(
            r ->
                r.repositoryName(repo)
                    .imageTag(tag)
                    .imageManifest(manifest)
                    .imageManifestMediaType(mediaType))
        .image()
        .imageId()
        .imageDigest();
  }

  /** A single-platform Docker image manifest whose config digest is derived from {@code name}. */
  static String manifest(String name) {
    return manifest(Math.abs((long) name.hashCode()));
  }

  /** A single-platform Docker image manifest whose config digest is {@code seed} in hex. */
  static String manifest(long seed) {
    return """
        {"schemaVersion": 2,
         "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1469,
                    "digest": "sha256:%064x"},
         "layers": []}
        """
        .formatted(seed);
  }
}
