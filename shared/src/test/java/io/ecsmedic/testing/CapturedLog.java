package io.ecsmedic.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything one class logs, at every level, while open (the test configuration prints only
 * errors). Kept out of the console so build output stays readable. Shared by the functions' tests.
 */
public final class CapturedLog implements AutoCloseable {
  private final String name;
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AbstractAppender appender;

  public CapturedLog(Class<?> source) {
    name = source.getName();
    appender =
        new AbstractAppender("captured-" + name, null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            String line = event.getLevel() + " " + event.getMessage().getFormattedMessage();
            if (event.getThrown() != null) {
              line += " " + event.getThrown();
            }
            lines.add(line);
          }
        };
    appender.start();
    Configuration config = context.getConfiguration();
    LoggerConfig logger = new LoggerConfig(name, Level.ALL, false);
    logger.addAppender(appender, Level.ALL, null);
    config.addLogger(name, logger);
    context.updateLoggers();
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    context.getConfiguration().removeLogger(name);
    context.updateLoggers();
    appender.stop();
  }
}
