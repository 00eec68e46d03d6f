package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged CLI ({@code cli/target/ecs-medic.jar}) in its own process, pointed at the emulator
 * with the environment a person would set (endpoint, region, credentials): how the end-to-end tests
 * run it as an engineer does.
 */
final class PackagedCli {
  static final Path JAR =
      io.ecsmedic.testing.Fixtures.repositoryRoot().resolve("cli/target/ecs-medic.jar");

  /** One run: exit status and what it printed. */
  record Run(int exit, String stdout, String stderr) {
    JsonNode json() throws Exception {
      return Json.MAPPER.readTree(stdout);
    }
  }

  private PackagedCli() {}

  /**
   * Runs {@code ecs-medic ARGS} against the emulator.
   *
   * @param withoutRegion leave AWS_REGION and AWS_DEFAULT_REGION unset (the command must find the
   *     region elsewhere, e.g. in a task ARN)
   */
  static Run run(LocalAws aws, boolean withoutRegion, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(aws.lambdaEnvironment());
    if (withoutRegion) {
      pb.environment().remove("AWS_REGION");
      pb.environment().remove("AWS_DEFAULT_REGION");
    }
    pb.environment().put("NO_COLOR", "1");
    Path out = Files.createTempFile("ecs-medic-out", ".txt");
    Path err = Files.createTempFile("ecs-medic-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished in 60 s").isTrue();
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
