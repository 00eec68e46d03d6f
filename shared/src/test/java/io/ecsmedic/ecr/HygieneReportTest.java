package io.ecsmedic.ecr;

import static io.ecsmedic.ecr.EcrEstates.MIB;
import static io.ecsmedic.ecr.EcrEstates.NOW;
import static io.ecsmedic.ecr.EcrEstates.byTag;
import static io.ecsmedic.ecr.EcrEstates.digest;
import static io.ecsmedic.ecr.EcrEstates.image;
import static io.ecsmedic.ecr.EcrEstates.index;
import static io.ecsmedic.ecr.EcrEstates.policy;
import static io.ecsmedic.ecr.EcrEstates.sized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HygieneReportTest {
  private static List<RepositoryPlan> smallEstate() {
    return HygienePlanner.plan(
        List.of(
            sized("orders-api", 1, 40, 120 * MIB, "v1", "v2"),
            sized("orders-api", 2, 45, 80 * MIB + MIB / 2),
            sized("orders-api", 3, 2, 120 * MIB, "v3"),
            sized("orders-api", 4, 90, 50 * MIB, "prod"),
            image("web", 5, 1, "v9"),
            image("batch", 6, 100, "nightly")),
        List.of(
            byTag("orders-api", "prod", "service prod/orders-api"),
            byTag("batch", "nightly", "schedule nightly-batch")),
        policy(1, 30),
        NOW);
  }

  @Test
  void listsEachDeletionUnderItsRepositoryAndSummarisesTheRest() {
    String text = HygieneReport.text(smallEstate());

    assertThat(text)
        .isEqualTo(
            """
            orders-api: delete 2 of 4 images, saves up to 200.5 MiB
              000100010001  v1,v2       2026-10-22     120.0 MiB  \
            tags v1,v2 not in use, not among the newest 1 tagged, pushed 40 days ago
              000200020002  <untagged>  2026-10-17      80.5 MiB  \
            untagged, not in use, pushed 45 days ago
            2 repositories: nothing to delete
            total: delete 2 of 6 images in 1 of 3 repositories, saves up to 200.5 MiB
            """);
  }

  @Test
  void saysSoWhenNothingIsDeleted() {
    var plans =
        HygienePlanner.plan(List.of(image("web", 1, 1, "v1")), List.of(), policy(1, 30), NOW);

    assertThat(HygieneReport.text(plans))
        .isEqualTo(
            """
            1 repository: nothing to delete
            total: delete 0 of 1 image in 0 of 1 repository, saves up to 0.0 MiB
            """);
    assertThat(HygieneReport.text(List.of()))
        .isEqualTo("total: delete 0 of 0 images in 0 of 0 repositories, saves up to 0.0 MiB\n");
  }

  @Test
  void marksPullThroughCachesAndShortensLongTagLists() {
    var policy = new HygienePolicy(0, Duration.ZERO, List.of("hub/"), Duration.ofDays(7));
    var plans =
        HygienePlanner.plan(
            List.of(
                image("hub/nginx", 1, 30, "1.25.3-alpine-slim", "1.25-alpine", "1-alpine", "x")),
            List.of(),
            policy,
            NOW);

    String text = HygieneReport.text(plans);

    assertThat(text)
        .startsWith("hub/nginx (pull-through cache): delete 1 of 1 image, saves up to 100.0 MiB\n")
        .contains("  000100010001  1.25.3-alpine-slim,1.25-al...,+1  2026-11-01")
        .contains("pull-through cache copy older than 7 days, not in use\n");
  }

  @Test
  void staysReadableAtTwoHundredRepositoriesOfAThousandImages() {
    List<EcrImage> images = new ArrayList<>();
    for (int r = 0; r < 200; r++) {
      for (int i = 0; i < 1000; i++) {
        images.add(image(String.format("team-%03d/service", r), i, 31 + i % 300, "b" + i));
      }
    }
    var plans = HygienePlanner.plan(images, List.of(), policy(10, 30), NOW);

    String text = HygieneReport.text(plans);

    List<String> lines = text.lines().toList();
    // per repository: header, 20 deletions, "... and N more"; then the total
    assertThat(lines).hasSize(200 * (1 + HygieneReport.MAX_LISTED + 1) + 1);
    assertThat(lines.get(0)).startsWith("team-000/service: delete 990 of 1000 images, saves up to");
    assertThat(lines.get(21)).isEqualTo("  ... and 970 more");
    assertThat(lines.getLast()).startsWith("total: delete 198000 of 200000 images in 200 of 200");
  }

  @Test
  void jsonCarriesTotalsKeptCountsAndTheDeletions() throws Exception {
    ObjectNode json = HygieneReport.json(smallEstate());

    assertThat(json.get("repositories").asInt()).isEqualTo(3);
    assertThat(json.get("images").asInt()).isEqualTo(6);
    assertThat(json.get("deletions").asInt()).isEqualTo(2);
    assertThat(json.get("bytesSaved").asLong()).isEqualTo(200 * MIB + MIB / 2);
    assertThat(json.get("kept"))
        .isEqualTo(Json.MAPPER.readTree("{\"inUse\":2,\"newestTagged\":2}"));
    JsonNode orders = json.get("plans").get(1);
    assertThat(orders.get("repository").asText()).isEqualTo("orders-api");
    assertThat(orders.get("pullThrough").asBoolean()).isFalse();
    assertThat(orders.get("kept"))
        .isEqualTo(Json.MAPPER.readTree("{\"inUse\":1,\"newestTagged\":1}"));
    // Compared as parsed text: a built node holds longs where a parsed one holds ints.
    assertThat(Json.MAPPER.readTree(orders.get("delete").get(0).toString()))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"digest": "%s", "tags": ["v1", "v2"], "pushedAt": "2026-10-22T12:00:00Z",
                 "sizeBytes": 125829120,
                 "reason": "tags v1,v2 not in use, not among the newest 1 tagged, pushed 40 days ago"}
                """
                    .formatted(digest(1))));
    assertThat(orders.has("deletionsNotListed")).isFalse();
    assertThat(json.get("plans").get(0).get("delete")).isEmpty();
  }

  @Test
  void jsonCanCapTheListedDeletionsAndCountsTheRest() {
    var plans =
        HygienePlanner.plan(
            List.of(
                index("api", 10, 90, List.of("v1"), 2), image("api", 2, 90), image("api", 3, 90)),
            List.of(),
            policy(0, 0),
            NOW);

    ObjectNode json = HygieneReport.json(plans, 1);

    JsonNode api = json.get("plans").get(0);
    assertThat(api.get("deletions").asInt()).isEqualTo(3);
    assertThat(api.get("delete")).hasSize(1);
    assertThat(api.get("deletionsNotListed").asInt()).isEqualTo(2);
    assertThat(json.get("kept")).isEmpty();
  }
}
