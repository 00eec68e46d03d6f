package io.ecsmedic.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.workflow.WorkflowJson;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesResponse;

/**
 * Verify must notice a change that did not hold. The emulator completes every deployment at once
 * (it runs no containers) and applies every attribute it is sent, so it can never show a change
 * that failed; this test puts a narrow fake at the one read Verify makes for each kind of action
 * (DescribeServices, DescribeTargetGroupAttributes, DescribeLogGroups) and feeds it what AWS
 * reports in those cases (docs/local-stack.md, emulator gaps). The happy paths run against the
 * emulator in RemediationWorkflowIT.
 */
class VerifierTest {
  private static final String NEW_TD = "arn:aws:ecs:us-east-1:1:task-definition/orders-api:8";
  private static final String OLD_TD = "arn:aws:ecs:us-east-1:1:task-definition/orders-api:7";

  /** ECS answering DescribeServices with one service of these deployments, nothing else. */
  private static EcsClient ecsReporting(Deployment... deployments) {
    Service service =
        Service.builder()
            .serviceName("orders-api")
            .status("ACTIVE")
            .taskDefinition(deployments[0].taskDefinition())
            .deployments(List.of(deployments))
            .build();
    return new EcsClient() {
      @Override
      public DescribeServicesResponse describeServices(
          Consumer<DescribeServicesRequest.Builder> r) {
        return DescribeServicesResponse.builder().services(service).build();
      }

      @Override
      public String serviceName() {
        return "ecs";
      }

      @Override
      public void close() {}
    };
  }

  private static Deployment deployment(
      String id, String status, String td, String rollout, String reason) {
    return Deployment.builder()
        .id(id)
        .status(status)
        .taskDefinition(td)
        .rolloutState(rollout)
        .rolloutStateReason(reason)
        .desiredCount(2)
        .runningCount(status.equals("PRIMARY") ? 1 : 2)
        .build();
  }

  /** A state whose plan is this action, as the state machine passes it to Verify. */
  private static ObjectNode planned(String type, ObjectNode params) {
    ObjectNode state = Json.MAPPER.createObjectNode().put("incidentId", "i-1");
    state.putObject("finding").putObject("resource").put("cluster", "prod");
    ObjectNode action =
        state.putObject("plan").put("decision", "AUTO").putObject("action").put("type", type);
    action
        .put("undo", "-")
        .set("params", params.put("cluster", "prod").put("service", "orders-api"));
    return state;
  }

  /** Verify's result as the state machine sees it in {@code verify}. */
  private static JsonNode verify(Verifier verifier, ObjectNode state) {
    return WorkflowJson.toJson(verifier.verify(WorkflowJson.state(state)));
  }

  private static JsonNode verify(EcsClient ecs, int attemptsSoFar, int maxAttempts) {
    ObjectNode state =
        planned(
            "RAISE_MEMORY",
            Json.MAPPER
                .createObjectNode()
                .put("taskDefinition", OLD_TD)
                .put("fromCpu", 512)
                .put("fromMemory", 1024)
                .put("toCpu", 512)
                .put("toMemory", 2048));
    state.putObject("applied").put("deploymentId", "ecs-svc/new");
    state.putObject("verify").put("attempt", attemptsSoFar);
    return verify(new Verifier(ecs, null, null, maxAttempts), state);
  }

  @Test
  void aCompletedDeploymentIsSteady() {
    JsonNode v =
        verify(
            ecsReporting(
                deployment(
                    "ecs-svc/new", "PRIMARY", NEW_TD, "COMPLETED", "ECS deployment completed.")),
            0,
            40);

    assertThat(v.get("status").asText()).isEqualTo("STEADY");
    assertThat(v.get("attempt").asInt()).isEqualTo(1);
  }

  @Test
  void aFailedDeploymentIsFailed() {
    JsonNode v =
        verify(
            ecsReporting(
                deployment("ecs-svc/new", "PRIMARY", NEW_TD, "FAILED", "tasks failed to start")),
            3,
            40);

    assertThat(v.get("status").asText()).isEqualTo("FAILED");
    assertThat(v.get("detail").asText()).contains("tasks failed to start");
  }

  @Test
  void aCircuitBreakerRollbackIsNotSuccess() {
    // ECS starts a new PRIMARY deployment of the previous revision; ours is no longer primary.
    JsonNode v =
        verify(
            ecsReporting(
                deployment(
                    "ecs-svc/rollback",
                    "PRIMARY",
                    OLD_TD,
                    "IN_PROGRESS",
                    "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/old."),
                deployment(
                    "ecs-svc/new",
                    "ACTIVE",
                    NEW_TD,
                    "FAILED",
                    "circuit breaker: task failed to start")),
            2,
            40);

    assertThat(v.get("status").asText()).isEqualTo("ROLLED_BACK");
  }

  @Test
  void stillInProgressAsksAgainUntilTheLastAttempt() {
    EcsClient ecs =
        ecsReporting(
            deployment("ecs-svc/new", "PRIMARY", NEW_TD, "IN_PROGRESS", ""),
            deployment("ecs-svc/old", "ACTIVE", OLD_TD, "COMPLETED", ""));

    assertThat(verify(ecs, 5, 40).get("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(verify(ecs, 39, 40).get("status").asText()).isEqualTo("NOT_VERIFIED");
  }

  @Test
  void aDeregistrationDelayThatDidNotStickIsFailed() {
    ElasticLoadBalancingV2Client elb =
        new ElasticLoadBalancingV2Client() {
          @Override
          public DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(
              Consumer<DescribeTargetGroupAttributesRequest.Builder> r) {
            return DescribeTargetGroupAttributesResponse.builder()
                .attributes(a -> a.key("deregistration_delay.timeout_seconds").value("300"))
                .build();
          }

          @Override
          public String serviceName() {
            return "elasticloadbalancing";
          }

          @Override
          public void close() {}
        };
    ObjectNode state =
        planned(
            "SET_DEREGISTRATION_DELAY",
            Json.MAPPER
                .createObjectNode()
                .put("targetGroupArn", "arn:tg")
                .put("from", 300)
                .put("to", 30));

    JsonNode v = verify(new Verifier(null, elb, null, 40), state);

    assertThat(v.get("status").asText()).isEqualTo("FAILED");
    assertThat(v.get("detail").asText()).isEqualTo("deregistration delay reads back as 300 s");
  }

  @Test
  void aLogGroupThatDoesNotExistAfterwardsIsFailed() {
    CloudWatchLogsClient logs =
        new CloudWatchLogsClient() {
          @Override
          public DescribeLogGroupsResponse describeLogGroups(
              Consumer<DescribeLogGroupsRequest.Builder> r) {
            return DescribeLogGroupsResponse.builder()
                .logGroups(g -> g.logGroupName("/ecs/orders-api-old"))
                .build();
          }

          @Override
          public String serviceName() {
            return "logs";
          }

          @Override
          public void close() {}
        };
    ObjectNode state =
        planned(
            "CREATE_LOG_GROUP",
            Json.MAPPER.createObjectNode().put("logGroupName", "/ecs/orders-api"));

    JsonNode v = verify(new Verifier(null, null, logs, 40), state);

    assertThat(v.get("status").asText()).isEqualTo("FAILED");
  }
}
