package io.ecsmedic.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workflow state's JSON: what the state machine passes between the remediation steps. */
class WorkflowJsonTest {
  private static final String PLANNED =
      """
      {"step": "apply", "state": {
        "incidentId": "abc-1", "eventId": "evt-1", "mode": "auto", "auditExpiresAt": 1900000000,
        "finding": {"category": "OOM", "subcause": "CONTAINER_LIMIT", "summary": "killed",
                    "signatureId": "oom.container", "evidence": [{"field": "f", "value": "v"}],
                    "resource": {"cluster": "prod", "service": "orders-api", "region": "us-east-1"},
                    "actions": [{"type": "RAISE_MEMORY", "title": "raise", "risk": "MEDIUM"}]},
        "enrichment": {"found": true, "notes": [], "futureEvidence": {"x": 1},
                       "service": {"taskDefinition": "td:7", "events": ["e1"], "newField": true}},
        "plan": {"decision": "NEEDS_APPROVAL", "reason": "mode PROPOSE", "alternatives": [],
                 "verifyIntervalSeconds": 15,
                 "action": {"type": "RAISE_MEMORY", "risk": "MEDIUM", "reversible": true,
                            "title": "t", "undo": "aws ecs update-service ...",
                            "params": {"cluster": "prod", "service": "orders-api",
                                       "taskDefinition": "td:7", "fromCpu": 512,
                                       "fromMemory": 1024, "toCpu": 512, "toMemory": 2048}}},
        "approvalTimeout": {"seconds": 3600},
        "approval": {"approved": true, "approver": "ana", "decidedAt": "2026-01-01T00:00:00Z",
                     "source": "link", "signature": "kept"},
        "recheck": {"ok": true}
      }}
      """;

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) Json.MAPPER.readTree(text);
  }

  @Test
  void readsTheTypedStateAndTheAction() throws Exception {
    StepRequest request = WorkflowJson.read(json(PLANNED));

    assertThat(request.step()).isEqualTo(Step.APPLY);
    WorkflowState s = request.state();
    assertThat(s.mode()).isEqualTo(Mode.AUTO);
    assertThat(s.finding().cluster()).isEqualTo("prod");
    assertThat(s.finding().actions())
        .extracting(WorkflowFinding.Proposal::type)
        .containsExactly("RAISE_MEMORY");
    assertThat(s.plan().decision()).isEqualTo(Plan.Decision.NEEDS_APPROVAL);
    assertThat(s.plannedAction().action())
        .isEqualTo(
            new RemediationAction.RaiseMemory("prod", "orders-api", "td:7", 512, 1024, 512, 2048));
    assertThat(s.approval().approver()).isEqualTo("ana");
    assertThat(s.recheck().ok()).isTrue();
  }

  @Test
  void aStepThatChangesNothingHandsTheStateBackUnchanged() throws Exception {
    ObjectNode in = json(PLANNED);
    StepRequest request = WorkflowJson.read(in);

    assertThat(WorkflowJson.write(request, request.state())).isEqualTo(in.get("state"));
  }

  @Test
  void writingAStepsResultKeepsEveryKeyTheRecordsDoNotModel() throws Exception {
    ObjectNode in = json(PLANNED);
    StepRequest request = WorkflowJson.read(in);
    Applied applied =
        new Applied("RAISE_MEMORY", List.of("ecs:UpdateService"), "td:8", "ecs-svc/1", "td:8");

    JsonNode out = WorkflowJson.write(request, request.state().withApplied(applied));

    assertThat(out.at("/applied/deploymentId").asText()).isEqualTo("ecs-svc/1");
    assertThat(out.at("/applied/calls/0").asText()).isEqualTo("ecs:UpdateService");
    ObjectNode rest = out.deepCopy();
    rest.remove("applied");
    assertThat(rest).isEqualTo(in.get("state"));
    assertThat(out.at("/approvalTimeout/seconds").asInt()).isEqualTo(3600);
    assertThat(out.at("/approval/signature").asText()).isEqualTo("kept");
    assertThat(out.at("/enrichment/futureEvidence/x").asInt()).isEqualTo(1);
    assertThat(out.at("/finding/signatureId").asText()).isEqualTo("oom.container");
    assertThat(out.path("mode").asText()).isEqualTo("auto");
  }

  @Test
  void theActionIsWrittenInTheShapeTheStateMachineAndTheAlertsRead() throws Exception {
    PlannedAction action =
        new PlannedAction(
            new RemediationAction.SetDeregistrationDelay("prod", "web", "arn:tg", 300, 30),
            "aws elbv2 ...");

    JsonNode json = WorkflowJson.toJson(action);

    assertThat(json)
        .isEqualTo(
            json(
                """
                {"type": "SET_DEREGISTRATION_DELAY", "risk": "LOW", "reversible": true,
                 "title": "Lower the target group's deregistration delay", "undo": "aws elbv2 ...",
                 "params": {"cluster": "prod", "service": "web", "targetGroupArn": "arn:tg",
                            "from": 300, "to": 30}}
                """));
  }

  @Test
  void everyActionTheWorkflowAppliesRoundTrips() {
    List<RemediationAction> all =
        List.of(
            new RemediationAction.ForceNewDeployment("c", "s"),
            new RemediationAction.EnableExecuteCommand("c", "s"),
            new RemediationAction.RaiseMemory("c", "s", "td:1", 256, 512, 256, 1024),
            new RemediationAction.SetDeregistrationDelay("c", "s", "arn:tg", 300, 30),
            new RemediationAction.SetHealthCheckGracePeriod("c", "s", 0, 120),
            new RemediationAction.EnableCircuitBreakerRollback("c", "s"),
            new RemediationAction.RollbackTaskDefinition("c", "s", "td:2", "td:1"),
            new RemediationAction.CreateLogGroup("c", "s", "/ecs/s"));
    for (RemediationAction a : all) {
      Plan plan = new Plan(Plan.Decision.AUTO, "r", List.of(), new PlannedAction(a, "u"), 15L);
      ObjectNode state = Json.MAPPER.createObjectNode().put("incidentId", "i");
      state.putObject("finding").putObject("resource");
      state.set("plan", WorkflowJson.toJson(plan));

      assertThat(WorkflowJson.state(state).plan()).isEqualTo(plan);
      assertThat(RemediationAction.recordOf(a.type())).contains(a.getClass());
    }
    assertThat(
            java.util.Arrays.stream(ActionType.values())
                .filter(t -> RemediationAction.recordOf(t).isPresent()))
        .hasSize(all.size());
  }

  @Test
  void aMissingRequiredFieldIsNamed() throws Exception {
    ObjectNode in = json(PLANNED);
    ((ObjectNode) in.at("/state/plan/action/params")).remove("toMemory");

    assertThatThrownBy(() -> WorkflowJson.read(in))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plan.action.params")
        .hasMessageContaining("toMemory");

    ObjectNode noIncident = json(PLANNED);
    ((ObjectNode) noIncident.get("state")).remove("incidentId");
    assertThatThrownBy(() -> WorkflowJson.read(noIncident)).hasMessageContaining("incidentId");
  }

  @Test
  void anIllTypedFieldIsNamed() throws Exception {
    ObjectNode in = json(PLANNED);
    ((ObjectNode) in.get("state")).putObject("verify").put("attempt", "many");

    assertThatThrownBy(() -> WorkflowJson.read(in))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field verify.attempt");

    ObjectNode badMode = json(PLANNED);
    ((ObjectNode) badMode.get("state")).put("mode", "yolo");
    assertThatThrownBy(() -> WorkflowJson.read(badMode))
        .hasMessageContaining("field mode")
        .hasMessageContaining("'yolo' is not a mode");

    ObjectNode badAction = json(PLANNED);
    ((ObjectNode) badAction.at("/state/plan/action")).put("type", "MANUAL");
    assertThatThrownBy(() -> WorkflowJson.read(badAction))
        .hasMessageContaining("field plan.action.type")
        .hasMessageContaining("MANUAL is not applied by the remediation workflow");
  }

  @Test
  void refusesAnUnknownStepOrAMissingState() throws Exception {
    assertThatThrownBy(() -> WorkflowJson.read(json("{\"step\": \"dance\", \"state\": {}}")))
        .hasMessage("unknown step 'dance'");
    assertThatThrownBy(() -> WorkflowJson.read(json("{\"step\": \"plan\"}")))
        .hasMessage("step plan: input has no state object");
  }

  @Test
  void aHandStartedExecutionWithoutAModeIsPropose() throws Exception {
    ObjectNode in = json(PLANNED);
    ((ObjectNode) in.get("state")).remove("mode");

    StepRequest request = WorkflowJson.read(in);

    assertThat(request.state().mode()).isEqualTo(Mode.PROPOSE);
    assertThat(WorkflowJson.write(request, request.state()).has("mode")).isFalse();
  }
}
