package io.ecsmedic.remediation;

import static io.ecsmedic.remediation.GuardFixtures.APPROVAL_TIMEOUT;
import static io.ecsmedic.remediation.GuardFixtures.NOW;
import static io.ecsmedic.remediation.GuardFixtures.TD_7;
import static io.ecsmedic.remediation.GuardFixtures.at;
import static io.ecsmedic.remediation.GuardFixtures.raiseMemory;
import static io.ecsmedic.remediation.GuardFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.workflow.Plan.Decision;
import io.ecsmedic.workflow.Recheck;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.WorkflowState;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Re-check reads the service's {@code ecs-medic:mode} tag again: a service opted out while the
 * approval waited (or whose tag cannot be read: fail closed) is not changed, and no claim is taken.
 */
class GuardrailsModeTagTest {
  final InMemoryPlanStore store = new InMemoryPlanStore();
  final PlanGuard plans = new PlanGuard(store, APPROVAL_TIMEOUT, at(NOW));
  final GuardFixtures.AcceptingDynamo dynamo = new GuardFixtures.AcceptingDynamo();
  final FakeEcs ecs = new FakeEcs(TD_7);

  private Recheck recheck(WorkflowState s) {
    Map<String, String> env = new HashMap<>();
    env.put("AUDIT_TABLE_NAME", "audit");
    env.put("ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:1:t");
    env.put("AWS_REGION", "us-east-1");
    return new Guardrails(
            RemediationSettings.fromEnv(env),
            ecs,
            new AuditTable(dynamo, "audit"),
            new ServiceModeTag(ecs),
            plans,
            at(NOW))
        .recheck(s);
  }

  /** An approved proposal of RAISE_MEMORY, waiting for its re-check. */
  private WorkflowState approved() {
    WorkflowState s = state("i-1", Decision.NEEDS_APPROVAL, raiseMemory(2048));
    plans.settle(s, s.plan());
    store.approvals.put("i-1", "alice");
    return s;
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "observe", " OFF "})
  void aServiceOptedOutWhileTheApprovalWaitedIsNotChanged(String tag) {
    WorkflowState s = approved();
    ecs.tags = Map.of(ServiceModeTag.TAG, tag);

    Recheck r = recheck(s);

    assertThat(r.ok()).isFalse();
    assertThat(r.reason()).startsWith("opted out: the service's ecs-medic:mode tag is now");
    assertThat(dynamo.updates).as("no rate counted").isEmpty();
    assertThat(dynamo.puts).as("no action claimed").isEmpty();
    assertThat(store.plans.get("i-1").checkedAt()).as("the plan stays unclaimable").isNull();
  }

  @Test
  void anUnreadableOrUnknownTagFailsClosed() {
    WorkflowState s = approved();
    ecs.tagsUnreadable = true;
    Recheck unreadable = recheck(s);
    ecs.tagsUnreadable = false;
    ecs.tags = Map.of(ServiceModeTag.TAG, "sometimes");
    Recheck unknown = recheck(s);

    assertThat(unreadable.reason()).contains("could not be read").contains("treated as off");
    assertThat(unknown.reason()).contains("'sometimes' names no mode, treated as off");
    assertThat(store.plans.get("i-1").checkedAt()).isNull();
  }

  @Test
  void anAutoPlanNeedsTheTagToStillSayAuto() {
    WorkflowState s =
        state("i-2", Decision.AUTO, new RemediationAction.ForceNewDeployment("prod", "orders-api"));
    plans.settle(s, s.plan());
    ecs.tags = Map.of(ServiceModeTag.TAG, "propose");

    assertThat(recheck(s).reason()).contains("tag is now propose: AUTO may not apply alone");
  }

  @Test
  void withoutATagOrWithProposeAnApprovedPlanPassesAndBecomesClaimable() {
    WorkflowState s = approved();
    ecs.tags = Map.of(ServiceModeTag.TAG, "propose");

    Recheck r = recheck(s);

    assertThat(r.ok()).as(String.valueOf(r.reason())).isTrue();
    assertThat(store.plans.get("i-1").checkedAt()).isEqualTo(NOW);
  }

  @Test
  void aDirectRecheckWithoutAnApprovalTakesNoClaim() {
    WorkflowState s = state("i-3", Decision.NEEDS_APPROVAL, raiseMemory(2048));
    plans.settle(s, s.plan());

    Recheck r = recheck(s);

    assertThat(r.reason()).isEqualTo("the plan was not approved");
    assertThat(dynamo.puts).isEmpty();
    assertThat(dynamo.updates).isEmpty();
  }
}
