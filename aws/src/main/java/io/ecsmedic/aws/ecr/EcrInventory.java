package io.ecsmedic.aws.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.ecr.EcrImage;
import io.ecsmedic.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * What the registry holds: every repository and every image in it (paginated DescribeImages, 1,000
 * per page), and for each multi-platform index the digests of its platform images, read from the
 * index manifests themselves (BatchGetImage, 100 per call): ECR lists a child like any other
 * untagged image, and deleting it breaks the index.
 */
final class EcrInventory {
  static final Set<String> INDEX_TYPES =
      Set.of(
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.oci.image.index.v1+json");
  private static final int BATCH = 100;

  private final AwsClientFactory aws;
  final AtomicInteger calls = new AtomicInteger();

  EcrInventory(AwsClientFactory aws) {
    this.aws = aws;
  }

  List<EcrImage> images() {
    List<EcrImage> out = new ArrayList<>();
    for (Repository repo : repositories()) {
      out.addAll(images(repo.repositoryName()));
    }
    return out;
  }

  List<Repository> repositories() {
    List<Repository> out = new ArrayList<>();
    String token = null;
    do {
      String from = token;
      calls.incrementAndGet();
      var page = ecr().describeRepositories(r -> r.nextToken(from).maxResults(1000));
      out.addAll(page.repositories());
      token = page.nextToken();
    } while (token != null);
    return out;
  }

  List<EcrImage> images(String repository) {
    List<ImageDetail> details = new ArrayList<>();
    String token = null;
    do {
      String from = token;
      calls.incrementAndGet();
      var page =
          ecr().describeImages(r -> r.repositoryName(repository).nextToken(from).maxResults(1000));
      details.addAll(page.imageDetails());
      token = page.nextToken();
    } while (token != null);
    Map<String, List<String>> children = indexChildren(repository, details);
    List<EcrImage> out = new ArrayList<>(details.size());
    for (ImageDetail d : details) {
      out.add(
          new EcrImage(
              repository,
              d.imageDigest(),
              d.imageTags(),
              d.imagePushedAt(),
              d.imageSizeInBytes() == null ? 0 : d.imageSizeInBytes(),
              d.imageManifestMediaType(),
              children.getOrDefault(d.imageDigest(), List.of())));
    }
    return out;
  }

  /** Index digest → the digests its manifest lists. */
  private Map<String, List<String>> indexChildren(String repository, List<ImageDetail> details) {
    List<ImageIdentifier> indexes =
        details.stream()
            .filter(d -> INDEX_TYPES.contains(d.imageManifestMediaType()))
            .map(d -> ImageIdentifier.builder().imageDigest(d.imageDigest()).build())
            .toList();
    Map<String, List<String>> out = new HashMap<>();
    for (int i = 0; i < indexes.size(); i += BATCH) {
      List<ImageIdentifier> batch = indexes.subList(i, Math.min(i + BATCH, indexes.size()));
      calls.incrementAndGet();
      var images =
          ecr()
              .batchGetImage(
                  r -> r.repositoryName(repository).imageIds(batch).acceptedMediaTypes(INDEX_TYPES))
              .images();
      for (var image : images) {
        out.put(image.imageId().imageDigest(), childDigests(image.imageManifest()));
      }
    }
    return out;
  }

  static List<String> childDigests(String manifest) {
    List<String> out = new ArrayList<>();
    try {
      for (JsonNode m : Json.MAPPER.readTree(manifest).path("manifests")) {
        if (m.hasNonNull("digest")) {
          out.add(m.get("digest").asText());
        }
      }
    } catch (IOException e) {
      // an unreadable index protects nothing; its children are judged on their own
    }
    return out;
  }

  private EcrClient ecr() {
    return aws.client(EcrClient.class, EcrClient::builder);
  }
}
