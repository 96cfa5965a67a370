package queue.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import queue.postgres.testing.PostgresServer;

/** {@code bin/queue mcp} on PostgreSQL (the embedded server), each test on a new database. */
class PostgresMcpIT extends McpServerContract {
  @TempDir Path tmp;
  private OnPostgres queue;

  @BeforeEach
  void aNewDatabase() {
    queue = new OnPostgres(PostgresServer.shared().newDatabase(), tmp.resolve("message_queue"));
  }

  @AfterEach
  void dropIt() {
    PostgresServer.shared().dropDatabase(queue.url());
  }

  @Override
  Path tmp() {
    return tmp;
  }

  @Override
  List<String> storeArgs() {
    return List.of("--store", queue.url());
  }

  @Override
  Map<String, String> environment() {
    return Map.of("QUEUE_DIR", queue.home().toString());
  }

  @Override
  ProcessBuilder queue(String... args) {
    return queue.queue(args);
  }

  @Override
  ProcessBuilder processorCommand() {
    return queue.processorCommand();
  }

  @Override
  Path inboxOf(String name) {
    return queue.home().resolve("inbox").resolve(name);
  }
}
