package queue.processor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into {@code queue-processor.properties} at build time. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/queue-processor.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {"queue-processor " + properties.getProperty("version", "unknown")};
  }
}
