package queue.processor.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the processor logs during a test (INFO and above) for the test to read, and out of the
 * build's output: lines a test causes on purpose (a failing store, a refused delivery) are asserted
 * on, not printed. Register with {@code @RegisterExtension}.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  private final Logger logger = (Logger) LoggerFactory.getLogger("queue.processor");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level levelBefore;

  @Override
  public void beforeEach(ExtensionContext context) {
    appender.list.clear();
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false);
    levelBefore = logger.getLevel();
    logger.setLevel(Level.INFO);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.detachAppender(appender);
    logger.setAdditive(true);
    logger.setLevel(levelBefore);
    appender.stop();
  }

  /** Every line logged at {@code level}, as "LOGGER message" with the logger's simple name. */
  public List<String> lines(Level level) {
    synchronized (appender.list) {
      return appender.list.stream()
          .filter(event -> event.getLevel() == level)
          .map(event -> simpleName(event.getLoggerName()) + " " + event.getFormattedMessage())
          .toList();
    }
  }

  /** The lines at {@code level} that contain {@code text}. */
  public List<String> lines(Level level, String text) {
    return lines(level).stream().filter(line -> line.contains(text)).toList();
  }

  private static String simpleName(String logger) {
    return logger.substring(logger.lastIndexOf('.') + 1);
  }
}
