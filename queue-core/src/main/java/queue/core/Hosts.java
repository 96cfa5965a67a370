package queue.core;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The name of this host, as inbox agents are registered on and processors run on: {@code
 * $QUEUE_HOST} if set (for hosts whose name changes, such as containers), else the kernel's host
 * name.
 */
public final class Hosts {
  public static final String VARIABLE = "QUEUE_HOST";
  private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

  private Hosts() {}

  public static String local(Map<String, String> environment) {
    String configured = environment.get(VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return configured.trim();
    }
    // Read from the kernel: InetAddress.getLocalHost() resolves the name, which can take
    // seconds where DNS is slow.
    try {
      String name = Files.readString(KERNEL_HOSTNAME, StandardCharsets.UTF_8).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | SecurityException e) {
      // Not Linux: ask the JDK below.
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
