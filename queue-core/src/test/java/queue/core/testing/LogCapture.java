package queue.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Takes the log lines of one class while it is open, so that a fault a test injects on purpose does
 * not print its warning or stack trace into the build output, and the test can assert the lines
 * instead. Nothing of that logger reaches the console meanwhile.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final boolean additive;
  private final Level level;

  private LogCapture(Logger logger) {
    this.logger = logger;
    this.additive = logger.isAdditive();
    this.level = logger.getLevel();
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false);
    logger.setLevel(Level.DEBUG);
  }

  /** Captures what {@code type}'s logger writes until closed. */
  public static LogCapture of(Class<?> type) {
    return new LogCapture((Logger) LoggerFactory.getLogger(type));
  }

  /** Captures what the loggers of {@code type}'s package write until closed. */
  public static LogCapture ofPackage(Class<?> type) {
    return new LogCapture((Logger) LoggerFactory.getLogger(type.getPackageName()));
  }

  /** The formatted messages logged at {@code level} so far. */
  public List<String> messages(Level level) {
    return events().stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setAdditive(additive);
    logger.setLevel(level);
    appender.stop();
  }
}
