package io.ecsmedic.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskDependenciesTest {
  static final TaskDependencies ORDERS =
      new TaskDependencies(
          "prod",
          "orders",
          "orders",
          Map.of(
              "DB_PASSWORD", "arn:aws:secretsmanager:us-east-1:1:secret:prod/db-AbC123:password::",
              "API_KEY", "arn:aws:ssm:us-east-1:1:parameter/prod/api-key"),
          Set.of("sg-1"),
          Set.of("rtb-1"),
          Set.of("orders"));

  static TrailCall call(String name, String params) throws Exception {
    return new TrailCall(
        Instant.parse("2025-06-10T09:00:00Z"),
        name,
        "arn:aws:sts::1:assumed-role/ci-deployer/run-7",
        Json.MAPPER.readTree(params));
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            "UpdateService", "{\"cluster\":\"prod\",\"service\":\"orders\"}", "the service"),
        Arguments.of(
            "UpdateService",
            "{\"service\":\"arn:aws:ecs:us-east-1:1:service/prod/orders\"}",
            "the service"),
        Arguments.of("UpdateService", "{\"service\":\"billing\"}", null),
        Arguments.of(
            "RegisterTaskDefinition", "{\"family\":\"orders\"}", "task definition family orders"),
        Arguments.of(
            "PutSecretValue", "{\"secretId\":\"prod/db\"}", "secret DB_PASSWORD of the task"),
        Arguments.of(
            "UpdateSecret",
            "{\"SecretId\":\"arn:aws:secretsmanager:us-east-1:1:secret:prod/db-AbC123\"}",
            "secret DB_PASSWORD of the task"),
        Arguments.of("PutSecretValue", "{\"secretId\":\"prod/other\"}", null),
        Arguments.of(
            "PutParameter", "{\"Name\":\"/prod/api-key\"}", "parameter API_KEY of the task"),
        Arguments.of("PutParameter", "{\"name\":\"/prod/else\"}", null),
        Arguments.of(
            "AuthorizeSecurityGroupIngress",
            "{\"GroupId\":\"sg-1\"}",
            "security group of the service"),
        Arguments.of("RevokeSecurityGroupEgress", "{\"groupId\":\"sg-2\"}", null),
        Arguments.of(
            "ReplaceRoute", "{\"routeTableId\":\"rtb-1\"}", "route table of the service's subnets"),
        Arguments.of(
            "BatchDeleteImage", "{\"repositoryName\":\"orders\"}", "image repository of the task"),
        Arguments.of("PutImage", "{\"repositoryName\":\"billing\"}", null),
        Arguments.of("DeleteTable", "{\"TableName\":\"orders\"}", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("table")
  void aCallMattersWhenItTouchesWhatTheTaskDependsOn(String name, String params, String why)
      throws Exception {
    var event = ORDERS.matters(call(name, params));
    if (why == null) {
      assertThat(event).isEmpty();
    } else {
      assertThat(event).get().extracting(TrailEvent::why).isEqualTo(why);
      assertThat(event.get().principal()).isEqualTo("role/ci-deployer");
    }
  }

  @org.junit.jupiter.api.Test
  void onlyTheSourcesTheTaskDependsOnAreLookedUp() {
    assertThat(ORDERS.sources())
        .containsExactly(
            "ecs.amazonaws.com",
            "secretsmanager.amazonaws.com",
            "ssm.amazonaws.com",
            "ec2.amazonaws.com",
            "ecr.amazonaws.com");
    assertThat(
            new TaskDependencies("c", "s", "f", Map.of(), Set.of(), Set.of(), Set.of()).sources())
        .containsExactly("ecs.amazonaws.com");
  }
}
