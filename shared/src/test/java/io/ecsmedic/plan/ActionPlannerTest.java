package io.ecsmedic.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.ProposedAction;
import io.ecsmedic.model.ResourceRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionPlannerTest {
  private static ResourceRef ref(String cluster, String service, String taskDef, String container) {
    return new ResourceRef(
        "123456789012",
        "us-east-1",
        cluster,
        service,
        "t1",
        taskDef,
        container,
        "256",
        "512",
        "FARGATE",
        null,
        null);
  }

  @Test
  void raiseMemoryRegistersTheNextValidPairAndGrowsTheContainerLimit() {
    ProposedAction a =
        ActionPlanner.render(
            ActionType.RAISE_MEMORY, Placeholders.of(ref("prod", "web", "web:7", "app"), 137));

    assertThat(a.title()).contains("512 to 1024 MiB").contains("cpu 256 stays");
    assertThat(a.command())
        .contains("--task-definition web:7")
        .contains(".memory = \"1024\"")
        .contains("if .name == \"app\" and .memory != null then .memory += 512")
        .contains("update-service --cluster prod --service web --task-definition web");
  }

  @Test
  void rollbackNamesWhatToLookUpNeverARevisionGuessedFromTheEvent() {
    ProposedAction a =
        ActionPlanner.render(
            ActionType.ROLLBACK_TASK_DEFINITION,
            Placeholders.of(ref("prod", "checkout", "checkout:216", null), null));

    // checkout:215 would be a guess: the last steady revision may be checkout:1.
    assertThat(a.command())
        .doesNotContain("checkout:215")
        .isEqualTo(
            "aws ecs update-service --cluster prod --service checkout --task-definition"
                + " '<the last revision that reached a steady state: aws ecs describe-services"
                + " --cluster prod --services checkout --query services[0].deployments>'");
  }

  @Test
  void rollbackFillsTheServiceWheneverTheEventNamesIt() {
    ProposedAction a =
        ActionPlanner.render(
            ActionType.ROLLBACK_TASK_DEFINITION,
            Placeholders.of(ref(null, "pricing", null, null), null));

    assertThat(a.command())
        .startsWith("aws ecs update-service --cluster $CLUSTER --service pricing --task-definition")
        .contains("describe-services --cluster $CLUSTER --services pricing")
        .doesNotContain("$SERVICE")
        .doesNotContain("$PREVIOUS_TASK_DEF");
  }

  @Test
  void unknownOrUnsafeNamesBecomeShellVariables() {
    ProposedAction a =
        ActionPlanner.render(
            ActionType.FORCE_NEW_DEPLOYMENT,
            Placeholders.of(ref(null, "web$(reboot)", null, null), null));

    assertThat(a.command())
        .isEqualTo(
            "aws ecs update-service --cluster $CLUSTER --service $SERVICE --force-new-deployment");
  }

  @Test
  void aFixTextBecomesAManualProposalAfterTheTypedActions() {
    List<ProposedAction> plan =
        ActionPlanner.plan(
            List.of(ActionType.ENABLE_CIRCUIT_BREAKER_ROLLBACK),
            "Check {service} logs",
            null,
            Placeholders.of(ref("prod", "web", null, null), null));

    assertThat(plan)
        .extracting(ProposedAction::type)
        .containsExactly(ActionType.ENABLE_CIRCUIT_BREAKER_ROLLBACK, ActionType.MANUAL);
    assertThat(plan.get(1).title()).isEqualTo("Check web logs");
    assertThat(plan.get(1).type().automatable()).isFalse();
  }

  @Test
  void anUnknownServiceOrTargetGroupIsTheCommandThatPrintsItWhenTheEventSaysEnough() {
    ProposedAction exec =
        ActionPlanner.render(
            ActionType.ENABLE_EXECUTE_COMMAND,
            Placeholders.of(ref("prod", null, null, null), null));
    ProposedAction drain =
        ActionPlanner.render(
            ActionType.SET_DEREGISTRATION_DELAY,
            Placeholders.of(ref("prod", "recommendations", null, null), null));

    assertThat(exec.command())
        .contains(
            "--service \"$(aws ecs describe-tasks --cluster prod --tasks t1 --query"
                + " 'tasks[0].group' --output text | cut -d: -f2)\"")
        .doesNotContain("$SERVICE");
    assertThat(drain.command())
        .contains(
            "--target-group-arn \"$(aws ecs describe-services --cluster prod --services"
                + " recommendations --query 'services[0].loadBalancers[0].targetGroupArn'"
                + " --output text)\"")
        .doesNotContain("$TG_ARN");
  }
}
