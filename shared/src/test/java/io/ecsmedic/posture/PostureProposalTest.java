package io.ecsmedic.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import io.ecsmedic.posture.PostureFacts.TargetGroup;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostureProposalTest {
  static final LocalDate DAY = LocalDate.of(2026, 12, 6);
  static final String TG = PostureFixtures.TG;

  /** Behind one target group whose delay was left at 300 s, longest request not known. */
  static final PostureFacts DELAY_300 =
      PostureFixtures.with("targetGroups", List.of(new TargetGroup(TG, 300, null)));

  @ParameterizedTest
  @CsvSource({
    "posture.circuit-breaker, DEPLOYMENT_FAILED, STUCK, ENABLE_CIRCUIT_BREAKER_ROLLBACK",
    "posture.grace-period, ELB_HEALTH_CHECK, GRACE_PERIOD, SET_HEALTH_CHECK_GRACE_PERIOD",
    "posture.deregistration-delay, ELB_HEALTH_CHECK, DEREGISTRATION_DELAY, SET_DEREGISTRATION_DELAY"
  })
  void aFailingRuleWithAnActionBecomesAFindingOfTheFailureItPrevents(
      String ruleId, Category category, String subcause, ActionType action) {
    PostureRule rule = PostureRules.byId(ruleId).orElseThrow();

    PostureProposal p = PostureProposal.of(report(fail(rule)), DELAY_300, rule, DAY);

    assertThat(p).isInstanceOf(PostureProposal.Proposed.class);
    PostureProposal.Proposed proposed = (PostureProposal.Proposed) p;
    Finding f = proposed.finding();
    assertThat(f.category()).isEqualTo(category);
    assertThat(f.subcause()).isEqualTo(subcause);
    assertThat(f.signatureId()).isEqualTo(ruleId);
    assertThat(f.actions()).singleElement().satisfies(a -> assertThat(a.type()).isEqualTo(action));
    assertThat(f.actions().getFirst().command()).isEqualTo("the fix of " + ruleId);
    assertThat(f.resource().cluster()).isEqualTo("prod");
    assertThat(f.resource().service()).isEqualTo("web");
    assertThat(f.summary()).contains("prod/web", ruleId, "evidence of " + ruleId);
    assertThat(f.detailType()).isEqualTo(PostureProposal.DETAIL_TYPE);
    assertThat(proposed.eventId()).isEqualTo(ruleId + "@2026-12-06").doesNotContain("#");
  }

  @Test
  void everyRuleThatNamesAnActionCanBeProposed() {
    for (PostureRule rule : PostureRules.ALL) {
      if (rule.action() != null) {
        assertThat(PostureProposal.of(report(fail(rule)), DELAY_300, rule, DAY))
            .as(rule.id())
            .isInstanceOf(PostureProposal.Proposed.class);
      }
    }
  }

  @Test
  void theIncidentIdIsTheSameForOneServiceRuleAndDayAndAValidExecutionName() {
    PostureRule rule = PostureRules.CIRCUIT_BREAKER;
    String id = PostureProposal.incidentId("prod", "web", rule, DAY);

    assertThat(id)
        .matches("posture-[0-9a-f]{8}-20261206")
        .isEqualTo(PostureProposal.incidentId("prod", "web", rule, DAY))
        .isNotEqualTo(PostureProposal.incidentId("prod", "api", rule, DAY))
        .isNotEqualTo(PostureProposal.incidentId("prod", "web", PostureRules.GRACE_PERIOD, DAY))
        .isNotEqualTo(PostureProposal.incidentId("prod", "web", rule, DAY.plusDays(1)));
  }

  @Test
  void aPassingUnknownOrMutedRuleIsRefusedWithItsStatusAndEvidence() {
    PostureRule rule = PostureRules.CIRCUIT_BREAKER;
    for (RuleResult r :
        List.of(
            RuleResult.pass(rule, "enable=true, rollback=true"),
            RuleResult.unknown(rule, "DescribeServices: AccessDenied"),
            fail(rule).muted("INC-1"))) {
      PostureProposal p = PostureProposal.of(report(r), DELAY_300, rule, DAY);

      assertThat(p).isInstanceOf(PostureProposal.Refused.class);
      assertThat(((PostureProposal.Refused) p).reason())
          .contains(rule.id() + " is " + r.status() + " on prod/web", r.evidence())
          .contains("only a FAIL is proposed");
    }
  }

  @Test
  void aRuleWithoutAWorkflowActionIsRefusedEvenWhenItFails() {
    PostureRule rule = PostureRules.ZERO_DOWNTIME;

    PostureProposal p = PostureProposal.of(report(fail(rule)), DELAY_300, rule, DAY);

    assertThat(((PostureProposal.Refused) p).reason())
        .contains("posture.zero-downtime has no workflow action");
  }

  @Test
  void aScannedServiceFailingTheCircuitBreakerRuleIsProposedWithTheRulesFix() {
    PostureFacts facts = PostureFixtures.with("circuitBreaker", PostureFacts.CircuitBreaker.OFF);

    PostureProposal p =
        PostureProposal.of(
            PostureCheck.run(facts, List.of()), facts, PostureRules.CIRCUIT_BREAKER, DAY);

    assertThat(((PostureProposal.Proposed) p).finding().actions().getFirst().command())
        .contains("--service orders", "deploymentCircuitBreaker={enable=true,rollback=true}");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "300, null, ", // left at the default, nothing measured: Plan's 30 s is the rule's own fix
        "300, 12.0, ", // 30 s still covers the longest request
        "300, 45.0, 'longest request (45.0 s)'", // 30 s would cut requests
        "20, 25.0, 'the fix raises the delay'" // Plan only lowers
      })
  void theDeregistrationDelayIsProposedOnlyWherePlansThirtySecondsFits(
      int delay, Double longest, String refusal) {
    PostureFacts facts =
        PostureFixtures.with("targetGroups", List.of(new TargetGroup(TG, delay, longest)));
    ServiceReport report = PostureCheck.run(facts, List.of());

    PostureProposal p = PostureProposal.of(report, facts, PostureRules.DEREGISTRATION_DELAY, DAY);

    if (refusal == null) {
      assertThat(p).isInstanceOf(PostureProposal.Proposed.class);
    } else {
      assertThat(((PostureProposal.Refused) p).reason()).contains(refusal);
    }
  }

  @Test
  void unreadTargetGroupsRefuseTheDeregistrationDelay() {
    PostureRule rule = PostureRules.DEREGISTRATION_DELAY;

    PostureProposal p = PostureProposal.of(report(fail(rule)), null, rule, DAY);

    assertThat(((PostureProposal.Refused) p).reason())
        .contains("the target groups could not be read");
  }

  private static RuleResult fail(PostureRule rule) {
    return RuleResult.fail(rule, "evidence of " + rule.id(), "the fix of " + rule.id());
  }

  private static ServiceReport report(RuleResult result) {
    return new ServiceReport("prod", "web", List.of(result), List.of());
  }
}
