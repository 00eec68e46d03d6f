package io.ecsmedic.aws.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.BooleanSupplier;

/**
 * The functions' logging, set up in code when logback starts (a {@link Configurator} found by the
 * service loader): {@link LambdaJsonEncoder} lines on standard output, which Lambda sends to the
 * function's log group; ecs-medic's own loggers ({@code io.ecsmedic}) at INFO, everything else (the
 * AWS SDK, Jackson) at WARN. {@code POWERTOOLS_LOG_LEVEL} changes both at the start of the first
 * invocation ({@link LogbackLevels}).
 *
 * <p>A {@code logback.xml} or {@code logback-test.xml} on the class path, or a {@code
 * -Dlogback.configurationFile}, takes over instead (the tests and the local demo use one), as it
 * would with logback's defaults. Set up in code rather than from an XML file because logback's XML
 * reader alone adds about 20 ms to every cold start.
 */
public final class LambdaLogging extends ContextAwareBase implements Configurator {
  /** What ecs-medic's own loggers print unless told otherwise. */
  public static final Level OWN_LEVEL = Level.INFO;

  /** What the libraries' loggers print unless told otherwise. */
  public static final Level LIBRARY_LEVEL = Level.WARN;

  private final BooleanSupplier fileGiven;

  /** What logback's service loader calls. */
  public LambdaLogging() {
    this(LambdaLogging::configurationFileGiven);
  }

  /** Tests': whether a configuration file is there to take over, decided by the test. */
  LambdaLogging(BooleanSupplier fileGiven) {
    this.fileGiven = fileGiven;
  }

  /** A configuration file logback's own configurator would read, as it looks for one. */
  static boolean configurationFileGiven() {
    ClassLoader loader = LambdaLogging.class.getClassLoader();
    return System.getProperty("logback.configurationFile") != null
        || loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (fileGiven.getAsBoolean()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback's own configurator reads the file
    }
    LambdaJsonEncoder encoder = new LambdaJsonEncoder();
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("lambda-json");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(LIBRARY_LEVEL);
    root.addAppender(console);
    context.getLogger("io.ecsmedic").setLevel(OWN_LEVEL);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
