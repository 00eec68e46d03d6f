package io.ecsmedic.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Everything one class logs, at every level, while open (the test configuration prints only
 * errors). Kept out of the console so build output stays readable. Shared by the functions' tests.
 */
public final class CapturedLog implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender;

  public CapturedLog(Class<?> source) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logger = context.getLogger(source.getName());
    appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            String line = event.getLevel() + " " + event.getFormattedMessage();
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) { // as Throwable.toString() writes it
              line +=
                  " "
                      + thrown.getClassName()
                      + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
            }
            lines.add(line);
          }
        };
    appender.setContext(context);
    appender.setName("captured-" + source.getName());
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.ALL);
    logger.setAdditive(false);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(null);
    logger.setAdditive(true);
    appender.stop();
  }
}
