package io.ecsmedic.aws.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.ResourceRef;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which checker a finding gets. The clients point at a closed port: a finding that lacks the names
 * a checker needs must come back empty without a single call.
 */
class CheckersTest {
  private final Checkers checkers =
      new Checkers(
          CheckClients.of(
              AwsClientFactory.standard(
                  new AwsSettings("us-east-1", Optional.of(URI.create("http://127.0.0.1:9"))))),
          "us-east-1",
          Clock.systemUTC());

  @Test
  void theCategoriesWithARunbookChecklistHaveAChecker() {
    Set<Category> covered = EnumSet.noneOf(Category.class);
    for (Category c : Category.values()) {
      if (Checkers.covers(c)) {
        covered.add(c);
      }
    }

    assertThat(covered)
        .containsExactlyInAnyOrder(
            Category.ELB_HEALTH_CHECK,
            Category.ECS_EXEC,
            Category.IMAGE_PULL,
            Category.SECRETS_INIT,
            Category.LOG_INIT);
  }

  @Test
  void aFindingWithoutTheNamesACheckerNeedsGetsNoCheckAndMakesNoCall() {
    ResourceRef nothing =
        new ResourceRef(null, null, null, null, null, null, null, null, null, null, null, null);
    ResourceRef clusterOnly = ResourceRef.service("1", "us-east-1", "prod", null);

    for (Category c : Category.values()) {
      assertThat(checkers.forFinding(c, nothing, null)).as(c.name()).isEmpty();
      assertThat(checkers.forFinding(c, clusterOnly, null)).as(c.name()).isEmpty();
    }
  }

  @Test
  void aCategoryWithoutAChecklistGetsNoCheckEvenWithEveryName() {
    ResourceRef everything =
        new ResourceRef(
            "1",
            "us-east-1",
            "prod",
            "web",
            "t1",
            "web:3",
            "app",
            "256",
            "512",
            "FARGATE",
            "arn:tg",
            "app/lb/1");

    assertThat(checkers.forFinding(Category.OOM, everything, null)).isEmpty();
    assertThat(checkers.forFinding(Category.EXPECTED_STOP, everything, null)).isEmpty();
  }
}
