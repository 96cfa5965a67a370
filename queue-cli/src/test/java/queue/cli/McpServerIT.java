package queue.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/queue mcp} on the file store. */
class McpServerIT extends McpServerContract {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("message_queue");
  }

  @Override
  Path tmp() {
    return tmp;
  }

  @Override
  List<String> storeArgs() {
    return List.of("--dir", dir().toString());
  }

  @Override
  Map<String, String> environment() {
    return Map.of();
  }

  @Override
  ProcessBuilder queue(String... args) {
    return Launchers.queue(dir(), args);
  }

  @Override
  ProcessBuilder processorCommand() {
    return Launchers.command("bin/queue-processor", "--dir", dir().toString());
  }

  @Override
  Path inboxOf(String name) {
    return dir().resolve("inbox").resolve(name);
  }
}
