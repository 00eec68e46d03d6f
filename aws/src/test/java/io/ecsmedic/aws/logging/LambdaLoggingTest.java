package io.ecsmedic.aws.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsmedic.testing.StandardOutput;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The functions' logging: the JSON lines Lambda ships, and who sets the levels. */
class LambdaLoggingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoggerContext context = new LoggerContext();

  LambdaLoggingTest() {
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
  }

  @Test
  void aLineCarriesPowertoolsFieldsAndTheInvocationsContextAtTopLevel() throws Exception {
    LoggingEvent event = event(Level.INFO, "NOTIFIED {} (occurrence {})", "OOM", 1);
    event.setMDCPropertyMap(
        Map.of(
            "function_request_id", "req-1",
            "cold_start", "true",
            "service", "ecs-medic-triage",
            "incidentId", "inc-7"));

    JsonNode line = encode(event);

    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("message").asText()).isEqualTo("NOTIFIED OOM (occurrence 1)");
    assertThat(line.get("logger").asText()).isEqualTo("io.ecsmedic.triage.Triage");
    assertThat(line.get("timestamp").asText()).isEqualTo("2026-12-06T14:00:00.123Z");
    assertThat(line.get("function_request_id").asText()).isEqualTo("req-1");
    assertThat(line.get("cold_start").asText()).isEqualTo("true");
    assertThat(line.get("service").asText()).isEqualTo("ecs-medic-triage");
    assertThat(line.get("incidentId").asText()).isEqualTo("inc-7");
    assertThat(line.has("error")).isFalse();
  }

  @Test
  void anExceptionBecomesAnErrorObjectWithItsStack() throws Exception {
    LoggingEvent event = event(Level.ERROR, "request failed");
    event.setThrowableProxy(
        new ch.qos.logback.classic.spi.ThrowableProxy(
            new IllegalStateException("table gone", new RuntimeException("cause"))));

    JsonNode error = encode(event).get("error");

    assertThat(error.get("name").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.get("message").asText()).isEqualTo("table gone");
    assertThat(error.get("stack").asText())
        .contains("IllegalStateException: table gone")
        .contains("Caused by: java.lang.RuntimeException: cause");
  }

  @Test
  void hostileTextStaysOneValidJsonLineAndCannotForgeAField() throws Exception {
    String hostile = "a\"b\\c\nlevel=\"ERROR\"\u0000\u001b[31m\u2028 \uD83D\uDE80 }{";
    LoggingEvent event = event(Level.WARN, "refused {}", hostile);
    event.setMDCPropertyMap(Map.of("level", "FORGED", "route", hostile));

    byte[] bytes = new LambdaJsonEncoder().encode(event);
    String text = new String(bytes, StandardCharsets.UTF_8);

    assertThat(text).endsWith("\n");
    assertThat(text.substring(0, text.length() - 1)).doesNotContain("\n");
    JsonNode line = JSON.readTree(bytes);
    assertThat(line.get("message").asText()).isEqualTo("refused " + hostile);
    assertThat(line.get("route").asText()).isEqualTo(hostile);
    assertThat(line.get("level").asText()).isEqualTo("WARN");
  }

  @Test
  void withoutAFileOwnLoggersPrintInfoAndLibrariesOnlyWarnings() throws Exception {
    assertThat(new LambdaLogging(() -> false).configure(context))
        .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    String out =
        StandardOutput.captured(
            () -> {
              context.getLogger("io.ecsmedic.triage.Triage").info("own info");
              context.getLogger("software.amazon.awssdk.request").info("library info");
              context.getLogger("software.amazon.awssdk.request").warn("library warning");
            });

    assertThat(out.lines().map(LambdaLoggingTest::message))
        .containsExactly("own info", "library warning");
  }

  @Test
  void aConfigurationFileTakesOverAndNothingIsSetUpInCode() {
    assertThat(new LambdaLogging(() -> true).configure(context))
        .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .isFalse();
  }

  @Test
  void powertoolsLogLevelSetsEveryLoggerAndReadsBackTheEffectiveLevel() {
    LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = global.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger own = global.getLogger("io.ecsmedic");
    Level rootBefore = root.getLevel();
    Level ownBefore = own.getLevel();
    own.setLevel(Level.INFO);
    try {
      LogbackLevels levels = new LogbackLevels();
      levels.setLogLevel(org.slf4j.event.Level.DEBUG);

      assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(own.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(levels.getLogLevel(LoggerFactory.getLogger("io.ecsmedic.triage.Triage")))
          .isEqualTo(org.slf4j.event.Level.DEBUG);

      root.setLevel(Level.OFF);
      own.setLevel(null);
      assertThat(levels.getLogLevel(LoggerFactory.getLogger("io.ecsmedic.x")))
          .isEqualTo(org.slf4j.event.Level.ERROR); // SLF4J has no OFF
    } finally {
      root.setLevel(rootBefore);
      own.setLevel(ownBefore);
    }
  }

  private LoggingEvent event(Level level, String message, Object... args) {
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(),
            context.getLogger("io.ecsmedic.triage.Triage"),
            level,
            message,
            null,
            args);
    event.setTimeStamp(java.time.Instant.parse("2026-12-06T14:00:00.123Z").toEpochMilli());
    return event;
  }

  private static JsonNode encode(LoggingEvent event) throws Exception {
    return JSON.readTree(new LambdaJsonEncoder().encode(event));
  }

  private static String message(String line) {
    try {
      return JSON.readTree(line).get("message").asText();
    } catch (Exception e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
