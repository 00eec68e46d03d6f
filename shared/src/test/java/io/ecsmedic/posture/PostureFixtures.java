package io.ecsmedic.posture;

import io.ecsmedic.posture.PostureFacts.CircuitBreaker;
import io.ecsmedic.posture.PostureFacts.Container;
import io.ecsmedic.posture.PostureFacts.ProviderShare;
import io.ecsmedic.posture.PostureFacts.Role;
import io.ecsmedic.posture.PostureFacts.TargetGroup;
import io.ecsmedic.posture.PostureFacts.TaskDefinition;
import io.ecsmedic.testing.Records;
import java.util.List;
import java.util.Map;

/** A service that passes every rule, and copies of it with one thing changed. */
final class PostureFixtures {
  static final String TASK_ROLE = "arn:aws:iam::123456789012:role/orders-task";
  static final String EXEC_ROLE = "arn:aws:iam::123456789012:role/orders-execution";
  static final String TG =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders/0123456789abcdef";

  static final Container APP =
      new Container(
          "app",
          true,
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders@sha256:" + "a".repeat(64),
          "awslogs",
          "non-blocking",
          true,
          Map.of(),
          null,
          60,
          List.of("LOG_LEVEL", "DB_SECRET_ARN"),
          false);

  static final TaskDefinition TD =
      new TaskDefinition(
          "arn:aws:ecs:eu-west-1:123456789012:task-definition/orders:7",
          List.of("FARGATE"),
          512,
          1024,
          TASK_ROLE,
          EXEC_ROLE,
          "",
          List.of(APP));

  static final PostureFacts HEALTHY =
      new PostureFacts(
          "prod",
          "orders",
          Map.of(),
          "FARGATE",
          List.of(),
          "LATEST",
          2,
          100,
          200,
          new CircuitBreaker(true, true),
          60,
          List.of(new TargetGroup(TG, 30, 2.5)),
          false,
          TD,
          "non-blocking",
          Map.of(
              TASK_ROLE, new Role(TASK_ROLE, List.of(), List.of()),
              EXEC_ROLE,
                  new Role(
                      EXEC_ROLE,
                      List.of(
                          "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
                      List.of())));

  private PostureFixtures() {}

  static PostureFacts with(String component, Object value) {
    return Records.with(HEALTHY, component, value);
  }

  /**
   * {@link #HEALTHY} with several components changed: name, value, name, value… (nulls allowed).
   */
  static PostureFacts withAll(Object... namesAndValues) {
    Map<String, Object> changes = new java.util.HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      changes.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return Records.with(HEALTHY, changes);
  }

  static PostureFacts withApp(String component, Object value) {
    return withContainers(List.of(Records.with(APP, component, value)));
  }

  static PostureFacts withContainers(List<Container> containers) {
    return withTd("containers", containers);
  }

  static PostureFacts withTd(String component, Object value) {
    return with("taskDefinition", Records.with(TD, component, value));
  }

  static PostureFacts behindNoLoadBalancer() {
    return with("targetGroups", List.of());
  }

  static List<ProviderShare> strategy(ProviderShare... shares) {
    return List.of(shares);
  }
}
