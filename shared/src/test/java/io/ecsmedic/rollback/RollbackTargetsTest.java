package io.ecsmedic.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Deployments in, rollback target out: the cases ECS produces, one row each. */
class RollbackTargetsTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/";

  private static ServiceDeployment d(String status, String revision, String rollout) {
    return new ServiceDeployment(
        "ecs-svc/" + revision.replace(':', '-'), status, ARN + revision, rollout, null);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "a stuck rollout: the completed release it replaces",
            "checkout:216",
            List.of(
                d("PRIMARY", "checkout:216", "IN_PROGRESS"),
                d("ACTIVE", "checkout:1", "COMPLETED")),
            List.of(),
            Set.of(),
            ARN + "checkout:1"),
        Arguments.of(
            "circuit breaker without rollback: the failed release is never a target",
            "checkout:216",
            List.of(d("PRIMARY", "checkout:216", "FAILED"), d("ACTIVE", "checkout:1", "COMPLETED")),
            List.of(),
            Set.of(),
            ARN + "checkout:1"),
        Arguments.of(
            "circuit-breaker rollback done: the service already runs the steady revision",
            "checkout:1",
            List.of(d("PRIMARY", "checkout:1", "COMPLETED"), d("ACTIVE", "checkout:216", "FAILED")),
            List.of(),
            Set.of(),
            null),
        Arguments.of(
            "circuit-breaker rollback in progress: nothing else to go to",
            "checkout:1",
            List.of(
                d("PRIMARY", "checkout:1", "IN_PROGRESS"), d("ACTIVE", "checkout:216", "FAILED")),
            List.of(),
            Set.of(),
            null),
        Arguments.of(
            "two failed releases in a row: the last steady one, not the first failure",
            "checkout:217",
            List.of(
                d("PRIMARY", "checkout:217", "IN_PROGRESS"),
                d("ACTIVE", "checkout:216", "FAILED"),
                d("ACTIVE", "checkout:215", "COMPLETED")),
            List.of(),
            Set.of(),
            ARN + "checkout:215"),
        Arguments.of(
            "a failed revision that once completed is still not a target",
            "checkout:217",
            List.of(
                d("PRIMARY", "checkout:217", "IN_PROGRESS"),
                d("ACTIVE", "checkout:216", "COMPLETED"),
                d("ACTIVE", "checkout:216", "FAILED")),
            List.of(),
            Set.of(),
            null),
        Arguments.of(
            "single deployment: no guess, however high the revision",
            "checkout:216",
            List.of(d("PRIMARY", "checkout:216", "COMPLETED")),
            List.of(),
            Set.of(),
            null),
        Arguments.of(
            "single deployment with history: the revision known to have been steady",
            "checkout:216",
            List.of(d("PRIMARY", "checkout:216", "COMPLETED")),
            List.of(new SteadyRevision("checkout:1", "verified after incident 5d1f-1772373731")),
            Set.of(),
            "checkout:1"),
        Arguments.of(
            "revision 1: nothing before it",
            "checkout:1",
            List.of(d("PRIMARY", "checkout:1", "IN_PROGRESS")),
            List.of(),
            Set.of(),
            null),
        Arguments.of(
            "INACTIVE target: the next steady revision",
            "checkout:217",
            List.of(
                d("PRIMARY", "checkout:217", "IN_PROGRESS"),
                d("ACTIVE", "checkout:216", "COMPLETED"),
                d("ACTIVE", "checkout:215", "COMPLETED")),
            List.of(),
            Set.of("checkout:216"),
            ARN + "checkout:215"),
        Arguments.of(
            "INACTIVE target and nothing else: none",
            "checkout:217",
            List.of(
                d("PRIMARY", "checkout:217", "IN_PROGRESS"),
                d("ACTIVE", "checkout:216", "COMPLETED")),
            List.of(),
            Set.of(ARN + "checkout:216"),
            null),
        Arguments.of(
            "history never brings back a failed or the failing revision",
            "checkout:217",
            List.of(
                d("PRIMARY", "checkout:217", "IN_PROGRESS"), d("ACTIVE", "checkout:216", "FAILED")),
            List.of(
                new SteadyRevision("checkout:217", "audit"),
                new SteadyRevision(ARN + "checkout:216", "audit"),
                new SteadyRevision("checkout:214", "audit")),
            Set.of(),
            "checkout:214"),
        Arguments.of(
            "the failing revision named as family:revision matches the ARN of its deployment",
            "checkout:216",
            List.of(
                d("PRIMARY", "checkout:216", "COMPLETED"),
                d("ACTIVE", "checkout:215", "COMPLETED")),
            List.of(),
            Set.of(),
            ARN + "checkout:215"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void choosesTheLastRevisionThatReachedASteadyState(
      String scenario,
      String failing,
      List<ServiceDeployment> deployments,
      List<SteadyRevision> history,
      Set<String> inactive,
      String expected) {
    RollbackTarget target = RollbackTargets.choose(failing, deployments, history, inactive);

    assertThat(target.taskDefinition()).as(scenario).isEqualTo(expected);
    assertThat(target.known()).isEqualTo(expected != null);
    assertThat(target.why()).isNotBlank();
  }

  @org.junit.jupiter.api.Test
  void sayWhyThereIsNone() {
    RollbackTarget none =
        RollbackTargets.choose(
            ARN + "checkout:217",
            List.of(
                d("PRIMARY", "checkout:217", "IN_PROGRESS"),
                d("ACTIVE", "checkout:216", "FAILED"),
                d("ACTIVE", "checkout:215", "COMPLETED")),
            List.of(),
            Set.of("checkout:215"));

    assertThat(none.why())
        .isEqualTo(
            "no revision other than checkout:217 is known to have reached a steady state;"
                + " checkout:215 (INACTIVE) cannot be deployed;"
                + " the revisions of FAILED deployments are never a target");
  }
}
