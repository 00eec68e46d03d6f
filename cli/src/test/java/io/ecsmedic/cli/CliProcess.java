package io.ecsmedic.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged CLI as a separate process, the way an engineer does: {@code java -jar
 * cli/target/ecs-medic.jar ...}. Used by the *IT tests, which failsafe runs after packaging.
 */
final class CliProcess {
  record Result(int exit, String stdout, String stderr) {
    List<String> lines() {
      return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n", -1)).subList(0, count());
    }

    private int count() {
      String[] parts = stdout.split("\n", -1);
      return parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
    }
  }

  static final Path JAR = Path.of("target", "ecs-medic.jar").toAbsolutePath();

  static Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
    return run(stdin, java.util.Map.of(), args);
  }

  /**
   * With changes to the environment: a null value removes the variable (e.g. AWS_REGION, to test
   * where else the region comes from).
   */
  static Result run(byte[] stdin, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("ecs-medic-out", ".txt");
    Path err = Files.createTempFile("ecs-medic-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("NO_COLOR", "1");
      env.forEach(
          (k, v) -> {
            if (v == null) {
              pb.environment().remove(k);
            } else {
              pb.environment().put(k, v);
            }
          });
      Process p = pb.start();
      try (var in = p.getOutputStream()) {
        in.write(stdin);
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("ecs-medic did not finish in 120 s: " + command);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Result run(String stdin, String... args) throws IOException, InterruptedException {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  private CliProcess() {}
}
