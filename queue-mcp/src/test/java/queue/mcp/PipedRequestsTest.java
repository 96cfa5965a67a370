package queue.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.json.Json;
import queue.core.snapshot.MemoryStore;
import queue.core.testing.MutableClock;
import queue.core.testing.TestAgents;

/**
 * A host that writes its requests and closes stdin at once, as a script piping a file does: the
 * server answers every request it read before it ends.
 */
class PipedRequestsTest {
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  @Test
  void everyRequestReadBeforeStdinClosedIsAnswered() throws Exception {
    MutableClock clock = MutableClock.startingAt("2026-03-01T12:00:00Z");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    try (QueueStore store = MemoryStore.open(OpenOptions.defaults(clock))) {
      store.agents().add(new TestAgents("host").pull("a1", clock.instant()));
      String requests =
          String.join(
              "\n",
              INITIALIZE,
              INITIALIZED,
              call(2, "queue_status"),
              call(3, "list_agents"),
              call(4, "fetch_messages")); // the last line without its newline, as printf leaves it
      PrintStream systemOut = System.out;
      try {
        QueueMcpServer.serve(
            new QueueMcpServer.Setup(
                store, "a1", null, clock, "piped test", Duration.ofSeconds(60), "test"),
            new ByteArrayInputStream(requests.getBytes(StandardCharsets.UTF_8)),
            stdout);
      } finally {
        System.setOut(systemOut);
      }
    }
    List<Integer> answered =
        stdout
            .toString(StandardCharsets.UTF_8)
            .lines()
            .map(line -> Json.mapper().readTree(line).get("id").asInt())
            .sorted()
            .toList();
    assertEquals(List.of(1, 2, 3, 4), answered, stdout.toString(StandardCharsets.UTF_8));
  }

  private static String call(int id, String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{}}}";
  }
}
