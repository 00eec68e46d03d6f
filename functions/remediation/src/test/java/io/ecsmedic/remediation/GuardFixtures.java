package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.json.Json;
import io.ecsmedic.workflow.Plan;
import io.ecsmedic.workflow.RemediationAction;
import io.ecsmedic.workflow.WorkflowJson;
import io.ecsmedic.workflow.WorkflowState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.sns.SnsClient;

/** What the guard tests share: a state with a plan, a clock, and the audit table's writes. */
final class GuardFixtures {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Duration APPROVAL_TIMEOUT = Duration.ofHours(1);
  static final String TD_7 = "arn:aws:ecs:us-east-1:1:task-definition/orders-api:7";

  private GuardFixtures() {}

  static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  static RemediationAction.RaiseMemory raiseMemory(int toMemory) {
    return new RemediationAction.RaiseMemory("prod", "orders-api", TD_7, 512, 1024, 512, toMemory);
  }

  /** The state of incident {@code incidentId} whose plan is {@code action} with that decision. */
  static WorkflowState state(String incidentId, Plan.Decision decision, RemediationAction action) {
    ObjectNode json = Json.MAPPER.createObjectNode().put("incidentId", incidentId);
    json.put("mode", decision == Plan.Decision.AUTO ? "AUTO" : "PROPOSE");
    ObjectNode finding =
        json.putObject("finding")
            .put("category", "OOM")
            .put("subcause", "CONTAINER_LIMIT")
            .put("summary", "orders-api: OOM");
    finding.putObject("resource").put("cluster", "prod").put("service", "orders-api");
    ObjectNode svc = json.putObject("enrichment").put("found", true).putObject("service");
    svc.put("taskDefinition", TD_7).put("primaryDeploymentId", "ecs-svc/1");
    WorkflowState bare = WorkflowJson.state(json);
    return bare.withPlan(
        new Plan(
            decision,
            "why",
            List.of(),
            new io.ecsmedic.workflow.PlannedAction(action, "undo it"),
            1L));
  }

  /**
   * DynamoDB that accepts every put and update, remembering the items put: enough for the Recorder
   * and the guardrails' claims, whose conditions AuditTableIT and RemediationGuardAuditIT check
   * against the emulator.
   */
  static final class AcceptingDynamo implements DynamoDbClient {
    final List<Map<String, AttributeValue>> puts = new ArrayList<>();
    final List<UpdateItemRequest> updates = new ArrayList<>();

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
      puts.add(new HashMap<>(r.item()));
      return PutItemResponse.builder().build();
    }

    @Override
    public PutItemResponse putItem(Consumer<PutItemRequest.Builder> r) {
      return putItem(PutItemRequest.builder().applyMutation(r).build());
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
      updates.add(r);
      return UpdateItemResponse.builder().build();
    }

    @Override
    public UpdateItemResponse updateItem(Consumer<UpdateItemRequest.Builder> r) {
      return updateItem(UpdateItemRequest.builder().applyMutation(r).build());
    }

    /** The decisions of the workflow records written. */
    List<String> decisions() {
      return puts.stream()
          .filter(i -> i.get("pk").s().startsWith("CLUSTER#") && i.containsKey("decision"))
          .map(i -> i.get("decision").s())
          .toList();
    }

    String detail(String decision) {
      return puts.stream()
          .filter(i -> i.containsKey("decision") && i.get("decision").s().equals(decision))
          .map(i -> i.get("detail").s())
          .findFirst()
          .orElseThrow();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  static Recorder recorder(DynamoDbClient dynamo, Clock clock) {
    SnsClient noSns =
        new SnsClient() {
          @Override
          public String serviceName() {
            return "sns";
          }

          @Override
          public void close() {}
        };
    return new Recorder(
        new AuditTable(dynamo, "audit"), new AlertTopic(noSns, "arn:aws:sns:us-east-1:1:t"), clock);
  }
}
