package io.ecsmedic.remediation;

import static io.ecsmedic.remediation.GuardFixtures.APPROVAL_TIMEOUT;
import static io.ecsmedic.remediation.GuardFixtures.NOW;
import static io.ecsmedic.remediation.GuardFixtures.TD_7;
import static io.ecsmedic.remediation.GuardFixtures.at;
import static io.ecsmedic.remediation.GuardFixtures.raiseMemory;
import static io.ecsmedic.remediation.GuardFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmedic.workflow.Plan.Decision;
import io.ecsmedic.workflow.WorkflowState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * Apply changes nothing without a claimable plan, and RAISE_MEMORY's new revision keeps exactly the
 * task and execution roles of the revision the service runs; every refusal is audited.
 */
class ApplyStepTest {
  static final String TD_6 = "arn:aws:ecs:us-east-1:1:task-definition/orders-api:6";
  static final String TASK_ROLE = "arn:aws:iam::1:role/orders-api-task";
  static final String EXEC_ROLE = "arn:aws:iam::1:role/ecs-exec";

  final InMemoryPlanStore store = new InMemoryPlanStore();
  final PlanGuard guard = new PlanGuard(store, APPROVAL_TIMEOUT, at(NOW));
  final GuardFixtures.AcceptingDynamo dynamo = new GuardFixtures.AcceptingDynamo();

  private ApplyStep applyStep(FakeEcs ecs) {
    return new ApplyStep(
        guard, new Applier(ecs, null, null), GuardFixtures.recorder(dynamo, at(NOW)));
  }

  /** A plan as Plan stores it and Re-check passes it. */
  private void approvedAndChecked(WorkflowState s) {
    guard.settle(s, s.plan());
    assertThat(guard.approved(s)).isEmpty();
    assertThat(guard.checked(s)).isEmpty();
  }

  @Test
  void aDirectApplyWithoutAPlanChangesNothingAndIsAuditedAsRefused() {
    FakeEcs ecs = new FakeEcs(TD_7).withTaskDefinition(TD_7, TASK_ROLE, EXEC_ROLE);
    WorkflowState s = state("i-1", Decision.AUTO, raiseMemory(2048));

    assertThatThrownBy(() -> applyStep(ecs).apply(s))
        .isInstanceOf(ActionRefused.class)
        .hasMessage("no plan was stored for incident i-1");
    assertThat(ecs.mutations).isEmpty();
    assertThat(dynamo.decisions()).containsExactly("REMEDIATION_REFUSED");
    assertThat(dynamo.detail("REMEDIATION_REFUSED"))
        .contains("no plan was stored for incident i-1; nothing was applied");
  }

  @Test
  void aReplayedApplyChangesNothingTheSecondTime() {
    FakeEcs ecs = new FakeEcs(TD_7).withTaskDefinition(TD_7, TASK_ROLE, EXEC_ROLE);
    WorkflowState s = state("i-1", Decision.AUTO, raiseMemory(2048));
    approvedAndChecked(s);

    applyStep(ecs).apply(s);
    int applied = ecs.mutations.size();
    assertThatThrownBy(() -> applyStep(ecs).apply(s)).isInstanceOf(ActionRefused.class);

    assertThat(applied).as("RegisterTaskDefinition and UpdateService").isEqualTo(2);
    assertThat(ecs.mutations).hasSize(applied);
    assertThat(dynamo.decisions()).containsExactly("REMEDIATION_REFUSED");
  }

  @Test
  void theNewRevisionKeepsTheRolesOfTheRevisionItReplaces() {
    FakeEcs ecs = new FakeEcs(TD_7).withTaskDefinition(TD_7, TASK_ROLE, EXEC_ROLE);
    WorkflowState s = state("i-1", Decision.AUTO, raiseMemory(2048));
    approvedAndChecked(s);

    applyStep(ecs).apply(s);

    RegisterTaskDefinitionRequest registered = (RegisterTaskDefinitionRequest) ecs.mutations.get(0);
    assertThat(registered.taskRoleArn()).isEqualTo(TASK_ROLE);
    assertThat(registered.executionRoleArn()).isEqualTo(EXEC_ROLE);
    assertThat(registered.memory()).isEqualTo("2048");
  }

  @Test
  void aRevisionThatWouldCarryAnotherRoleIsRefusedBeforeRegisterTaskDefinition() {
    // The service runs :7 with the task role; the plan (stored and approved as such) builds on :6,
    // whose task role is another one: registering it would hand the service that role.
    FakeEcs ecs =
        new FakeEcs(TD_7)
            .withTaskDefinition(TD_7, TASK_ROLE, EXEC_ROLE)
            .withTaskDefinition(TD_6, "arn:aws:iam::1:role/admin", EXEC_ROLE);
    WorkflowState s =
        state(
            "i-1",
            Decision.AUTO,
            new io.ecsmedic.workflow.RemediationAction.RaiseMemory(
                "prod", "orders-api", TD_6, 512, 1024, 512, 2048));
    approvedAndChecked(s);

    assertThatThrownBy(() -> applyStep(ecs).apply(s))
        .isInstanceOf(ActionRefused.class)
        .hasMessageContaining("would change the task role")
        .hasMessageContaining("arn:aws:iam::1:role/admin");
    assertThat(ecs.mutations).as("no RegisterTaskDefinition, no UpdateService").isEmpty();
    assertThat(dynamo.decisions()).containsExactly("REMEDIATION_REFUSED");
  }

  @Test
  void anExecutionRoleDifferenceIsRefusedToo() {
    FakeEcs ecs =
        new FakeEcs(TD_7)
            .withTaskDefinition(TD_7, TASK_ROLE, EXEC_ROLE)
            .withTaskDefinition(TD_6, TASK_ROLE, null);

    assertThat(
            RolesKept.refusal(
                ecs.taskDefinitions.get(TD_7),
                RegisterTaskDefinitionRequest.builder()
                    .taskRoleArn(TASK_ROLE)
                    .executionRoleArn(null)
                    .build()))
        .hasValueSatisfying(
            r -> assertThat(r).contains("execution role").contains(EXEC_ROLE).endsWith("to none"));
  }
}
