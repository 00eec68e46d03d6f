package io.ecsmedic.aws.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An index manifest's platform images: what the hygiene plan must keep with a kept index. */
class EcrInventoryTest {
  @Test
  void readsThePlatformDigestsOfAnOciIndexAndADockerManifestList() {
    String oci =
        """
        {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
         "manifests": [
           {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:aa",
            "platform": {"architecture": "amd64", "os": "linux"}},
           {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:bb",
            "platform": {"architecture": "arm64", "os": "linux"}},
           {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:cc",
            "annotations": {"vnd.docker.reference.type": "attestation-manifest"}}]}
        """;

    assertThat(EcrInventory.childDigests(oci))
        .containsExactly("sha256:aa", "sha256:bb", "sha256:cc");
  }

  @Test
  void anUnreadableManifestProtectsNothingAndDoesNotFail() {
    assertThat(EcrInventory.childDigests("{not json")).isEmpty();
    assertThat(EcrInventory.childDigests("{\"manifests\": [{\"size\": 1}]}")).isEmpty();
  }
}
