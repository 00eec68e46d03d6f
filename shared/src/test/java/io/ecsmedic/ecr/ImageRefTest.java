package io.ecsmedic.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which image URIs point into this account's registry in this region, and at what. */
class ImageRefTest {
  private static final String DIGEST =
      "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
  private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

  private static Optional<ImageRef> parse(String uri) {
    return ImageRef.parse(uri, "123456789012", "eu-west-1");
  }

  @ParameterizedTest
  @CsvSource({
    "/orders-api:2026.11.1,       orders-api,      2026.11.1,",
    "/team/orders-api:v1,         team/orders-api, v1,",
    "/orders-api,                 orders-api,      latest,",
    "/orders-api@" + DIGEST + ",  orders-api,      ,           " + DIGEST,
    "/orders-api:v1@" + DIGEST + ", orders-api,    v1,         " + DIGEST
  })
  void readsRepositoryTagAndDigest(String path, String repository, String tag, String digest) {
    assertThat(parse(REGISTRY + path)).contains(new ImageRef(repository, tag, digest));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "210987654321.dkr.ecr.eu-west-1.amazonaws.com/orders-api:v1",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:v1",
        "public.ecr.aws/nginx/nginx:1.27",
        "nginx:1.27",
        "docker.io/library/nginx",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/Orders:v1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:v1; rm -rf /",
        ""
      })
  void ignoresAnyOtherRegistryAndAnythingMalformed(String uri) {
    assertThat(parse(uri)).isEmpty();
  }
}
