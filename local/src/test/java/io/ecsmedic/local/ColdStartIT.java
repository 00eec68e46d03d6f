package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every deployed jar starts on its own and answers its first event: a fresh JVM with only the
 * function's shaded jar on the class path (what Lambda loads) builds the handler from the deployed
 * function's environment and handles the event make bench-cold times, against the emulator. Catches
 * what in-process tests cannot: a class or resource the shading left out, a service file lost in
 * merging, a handler that only starts with the test class path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColdStartIT {
  static final Path ROOT = Path.of(System.getProperty("ecsmedic.root", "..")).toAbsolutePath();

  LocalStackSession stack;
  ColdStartBenchmark bench;
  Path work;

  @BeforeAll
  void deploy() throws Exception {
    stack = ColdStartBenchmark.deploy(ROOT);
    bench = new ColdStartBenchmark(ROOT, 1, "", List.of(), null, false, null);
    work = Files.createTempDirectory("ecs-medic-cold-it");
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  List<ColdStartBenchmark.Case> cases() throws Exception {
    return new ColdStartBenchmark(ROOT, 1, "", List.of(), null, false, null).cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theJarAloneStartsAndAnswersItsFirstEvent(ColdStartBenchmark.Case c) throws Exception {
    Map<String, String> env = ColdStartBenchmark.environment(stack, c.logicalId());

    ColdStartBenchmark.Figures f = bench.probe(c, ROOT, env, work);

    String expected =
        switch (c.logicalId()) {
          case "TriageFunction" -> "\"status\":\"NOTIFIED\"";
          case "ApprovalFunction" -> "\"statusCode\":";
          case "RemediationFunction" -> "\"incidentId\":\"cold-incident\"";
          default -> "{";
        };
    assertThat(f.answer()).as(c.name()).contains(expected);
    assertThat(f.construct()).isNotNegative();
    // The jar's logging is set up (io.ecsmedic.aws.logging.LambdaLogging, found through a service
    // file the shading must keep): without it logback would print plain text at DEBUG, and with no
    // binding at all SLF4J would drop every line in silence. So look for the JSON line each first
    // event writes (remediation's Enrich step writes none when it succeeds).
    String log = Files.readString(work.resolve(c.logicalId() + ".log"));
    if (!c.logicalId().equals("RemediationFunction")) {
      assertThat(log.lines().filter(l -> l.startsWith("{\"level\":")))
          .as(c.name() + " logs structured JSON lines")
          .isNotEmpty();
    }
  }
}
