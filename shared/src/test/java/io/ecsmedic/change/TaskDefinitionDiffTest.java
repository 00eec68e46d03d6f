package io.ecsmedic.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskDefinitionDiffTest {
  static final String REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders";

  static ContainerShape app() {
    return new ContainerShape(
        "app",
        REPO + ":2025.06.1",
        List.of("java", "-jar", "app.jar"),
        List.of(),
        new java.util.TreeSet<>(List.of("LOG_LEVEL")),
        new java.util.TreeMap<>(
            Map.of("DB_PASSWORD", "arn:aws:secretsmanager:us-east-1:1:secret:db-a")),
        256,
        512,
        null,
        "CMD-SHELL curl -f localhost:8080/health; interval 30; retries 3",
        List.of("8080/tcp"),
        "awslogs awslogs-group=/ecs/orders");
  }

  static TaskDefinitionShape task(ContainerShape... containers) {
    return new TaskDefinitionShape(
        "arn:aws:ecs:us-east-1:1:task-definition/orders:7",
        "512",
        "1024",
        "arn:aws:iam::1:role/orders-task",
        "arn:aws:iam::1:role/exec",
        List.of(containers));
  }

  static ContainerShape with(UnaryOperator<ContainerShape> change) {
    return change.apply(app());
  }

  static ContainerShape copy(
      ContainerShape c,
      String image,
      List<String> command,
      List<String> entryPoint,
      Integer memory,
      String health,
      List<String> ports,
      String log) {
    return new ContainerShape(
        c.name(),
        image,
        command,
        entryPoint,
        c.environmentNames(),
        c.secrets(),
        c.cpu(),
        memory,
        c.memoryReservation(),
        health,
        ports,
        log);
  }

  static Stream<Arguments> table() {
    ContainerShape a = app();
    return Stream.of(
        Arguments.of("nothing", task(a), List.of()),
        Arguments.of(
            "image tag",
            task(
                copy(
                    a,
                    REPO + ":2025.06.2",
                    a.command(),
                    a.entryPoint(),
                    a.memory(),
                    a.healthCheck(),
                    a.ports(),
                    a.logConfiguration())),
            List.of("image 2025.06.1 → 2025.06.2 (app)")),
        Arguments.of(
            "image digest",
            task(
                copy(
                    a,
                    REPO + "@sha256:abc",
                    a.command(),
                    a.entryPoint(),
                    a.memory(),
                    a.healthCheck(),
                    a.ports(),
                    a.logConfiguration())),
            List.of("image 2025.06.1 → sha256:abc (app)")),
        Arguments.of(
            "command and entry point",
            task(
                copy(
                    a,
                    a.image(),
                    List.of("java", "-Xmx2g", "-jar", "app.jar"),
                    List.of("/entry.sh"),
                    a.memory(),
                    a.healthCheck(),
                    a.ports(),
                    a.logConfiguration())),
            List.of(
                "command java -jar app.jar → java -Xmx2g -jar app.jar (app)",
                "entryPoint none → /entry.sh (app)")),
        Arguments.of(
            "environment names, never values",
            task(a.withEnvironment("DATABASE_URL")),
            List.of("env -LOG_LEVEL (app)", "env +DATABASE_URL (app)")),
        Arguments.of(
            "secret references",
            task(
                a.withSecrets(
                    Map.of(
                        "DB_PASSWORD", "arn:aws:secretsmanager:us-east-1:1:secret:db-b",
                        "API_KEY", "/prod/api-key"))),
            List.of(
                "secret API_KEY (app): none → /prod/api-key",
                "secret DB_PASSWORD (app): arn:aws:secretsmanager:us-east-1:1:secret:db-a →"
                    + " arn:aws:secretsmanager:us-east-1:1:secret:db-b")),
        Arguments.of(
            "container memory, health check, ports, log configuration",
            task(
                copy(
                    a,
                    a.image(),
                    a.command(),
                    a.entryPoint(),
                    1024,
                    null,
                    List.of("8081/tcp"),
                    "awsfirelens")),
            List.of(
                "memory 512 → 1024 (app)",
                "healthCheck CMD-SHELL curl -f localhost:8080/health; interval 30; retries 3 → none (app)",
                "ports 8080/tcp → 8081/tcp (app)",
                "logConfiguration awslogs awslogs-group=/ecs/orders → awsfirelens (app)")),
        Arguments.of(
            "containers added and removed",
            task(ContainerShape.of("sidecar", "envoy:1")),
            List.of("container -app", "container +sidecar")),
        Arguments.of(
            "task size and roles",
            new TaskDefinitionShape(
                "arn:aws:ecs:us-east-1:1:task-definition/orders:8",
                "1024",
                "2048",
                "arn:aws:iam::1:role/other-task",
                "arn:aws:iam::1:role/exec",
                List.of(a)),
            List.of(
                "cpu 512 → 1024",
                "memory 1024 → 2048",
                "taskRole arn:aws:iam::1:role/orders-task → arn:aws:iam::1:role/other-task")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void diffsTheHealthyRevisionAgainstTheFailingOne(
      String name, TaskDefinitionShape failing, List<String> lines) {
    assertThat(TaskDefinitionDiff.between(task(app()), failing))
        .extracting(Change::line)
        .containsExactlyElementsOf(lines);
  }

  @org.junit.jupiter.api.Test
  void aDiffNeverHoldsAnEnvironmentValue() {
    // The shape has no place for values: only names reach the diff.
    ContainerShape withValue = app().withEnvironment("DATABASE_URL");
    assertThat(TaskDefinitionDiff.between(task(app()), task(withValue)))
        .extracting(Change::after)
        .containsOnly(null, "DATABASE_URL");
  }
}
