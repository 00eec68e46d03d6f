package io.ecsmedic.aws.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * How Powertools for AWS Lambda changes log levels under logback ({@code POWERTOOLS_LOG_LEVEL},
 * debug sampling): found by Powertools' service loader, as its own logback module's would be (see
 * {@link LambdaJsonEncoder} for why that module is not used). A level set here applies to every
 * logger, ecs-medic's and the libraries'.
 */
public final class LogbackLevels implements LoggingManager {
  @Override
  public void setLogLevel(org.slf4j.event.Level level) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Level logback = Level.toLevel(level.toString(), LambdaLogging.OWN_LEVEL);
    for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null || logger.getName().equals(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
        logger.setLevel(logback);
      }
    }
  }

  @Override
  public org.slf4j.event.Level getLogLevel(org.slf4j.Logger logger) {
    Level level =
        ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(logger.getName())
            .getEffectiveLevel();
    return switch (level.toInt()) {
      case Level.ALL_INT, Level.TRACE_INT -> org.slf4j.event.Level.TRACE;
      case Level.DEBUG_INT -> org.slf4j.event.Level.DEBUG;
      case Level.INFO_INT -> org.slf4j.event.Level.INFO;
      case Level.WARN_INT -> org.slf4j.event.Level.WARN;
      default -> org.slf4j.event.Level.ERROR; // ERROR, and OFF, which SLF4J has no name for
    };
  }
}
