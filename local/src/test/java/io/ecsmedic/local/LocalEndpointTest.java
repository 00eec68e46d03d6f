package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run reaches only its own emulator: the endpoint follows GATEWAY_PORT in the Java harness
 * and in scripts/local-aws.sh alike, and the script resets or stops only the emulator it started on
 * that port. Starts no emulator: the script runs against a stand-in server or a stand-in process.
 */
class LocalEndpointTest {
  private static final Path SCRIPT = Fixtures.ROOT.resolve("scripts/local-aws.sh");

  /** What one run of the script did. */
  private record Run(int exit, String stdout, String stderr) {}

  private static Run script(Path script, Map<String, String> env, String command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command);
    pb.environment().remove("GATEWAY_PORT");
    pb.environment().remove("AWS_ENDPOINT_URL");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("local-aws-out", ".txt");
    Path err = Files.createTempFile("local-aws-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
      return new Run(p.exitValue(), Files.readString(out).trim(), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void gatewayPortPicksTheEndpoint() {
    assertThat(LocalAws.fromEnv(Map.of("GATEWAY_PORT", "4573")).endpoint())
        .isEqualTo(URI.create("http://127.0.0.1:4573"));
    assertThat(LocalAws.fromEnv(Map.of("GATEWAY_PORT", "4574")).endpoint())
        .isEqualTo(URI.create("http://127.0.0.1:4574"));
    assertThat(LocalAws.fromEnv(Map.of()).endpoint())
        .isEqualTo(URI.create("http://127.0.0.1:4566"));
  }

  @Test
  void anEndpointLeftFromAnotherPortIsRefusedNotFollowed() {
    assertThatThrownBy(
            () ->
                LocalAws.fromEnv(
                    Map.of("GATEWAY_PORT", "4573", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GATEWAY_PORT=4573");
    assertThat(
            LocalAws.fromEnv(
                    Map.of("GATEWAY_PORT", "4573", "AWS_ENDPOINT_URL", "http://localhost:4573"))
                .endpoint())
        .isEqualTo(URI.create("http://127.0.0.1:4573"));
  }

  @Test
  void theScriptAndTheHarnessDeriveTheSameEndpointFromThePort() throws Exception {
    for (String port : List.of("4573", "4574")) {
      Run run =
          script(
              SCRIPT,
              Map.of("GATEWAY_PORT", port, "AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
              "endpoint");

      assertThat(run.exit()).as(run.stderr()).isZero();
      assertThat(URI.create(run.stdout()))
          .isEqualTo(LocalAws.fromEnv(Map.of("GATEWAY_PORT", port)).endpoint());
    }
  }

  @Test
  void resetRefusesAnEmulatorTheScriptDidNotStart() throws Exception {
    AtomicInteger resets = new AtomicInteger();
    HttpServer other =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    other.createContext("/_ministack/health", x -> answer(x, "{\"services\": {}}"));
    other.createContext(
        "/_ministack/reset",
        x -> {
          resets.incrementAndGet();
          answer(x, "{\"reset\": \"ok\"}");
        });
    other.start();
    try {
      String port = Integer.toString(other.getAddress().getPort());

      Run run = script(SCRIPT, Map.of("GATEWAY_PORT", port), "reset");

      assertThat(run.exit()).isNotZero();
      assertThat(run.stderr()).contains("refusing to reset").contains("port " + port);
      assertThat(resets).as("reset requests the other emulator received").hasValue(0);
    } finally {
      other.stop(0);
    }
  }

  @Test
  void stopOnOnePortLeavesTheEmulatorOfAnotherPortRunning(@TempDir Path temp) throws Exception {
    Path checkout = temp.toRealPath();
    Path script = checkout.resolve("scripts/local-aws.sh");
    Files.createDirectories(script.getParent());
    Files.copy(SCRIPT, script);
    // A stand-in for MiniStack: what the script recognises as its own server (the venv's
    // ministack).
    Path ministack = checkout.resolve(".venv-aws/bin/ministack");
    Files.createDirectories(ministack.getParent());
    Files.writeString(ministack, "while :; do sleep 1; done\n");
    Process emulatorOn4573 = new ProcessBuilder("bash", ministack.toString()).start();
    try {
      Path state = checkout.resolve(".local/ministack-4573.state");
      Files.createDirectories(state.getParent());
      Files.writeString(state, "pid=" + emulatorOn4573.pid() + "\nport=4573\n");

      Run other = script(script, Map.of("GATEWAY_PORT", "4574"), "stop");

      assertThat(other.exit()).as(other.stderr()).isZero();
      assertThat(other.stderr()).contains("nothing to stop");
      assertThat(emulatorOn4573.isAlive()).as("the 4573 emulator after stop on 4574").isTrue();
      assertThat(state).exists();

      Run own = script(script, Map.of("GATEWAY_PORT", "4573"), "stop");

      assertThat(own.exit()).as(own.stderr()).isZero();
      assertThat(emulatorOn4573.waitFor(20, TimeUnit.SECONDS))
          .as("stopped by its own port")
          .isTrue();
      assertThat(state).doesNotExist();
    } finally {
      emulatorOn4573.destroyForcibly();
    }
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
