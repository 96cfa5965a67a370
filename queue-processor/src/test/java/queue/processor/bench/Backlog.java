package queue.processor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import queue.core.model.Agent;
import queue.core.model.EntryState;
import queue.processor.testing.TestQueue;

/**
 * A data directory holding a backlog of PENDING entries spread over 8 inbox agents, queued in one
 * save as an import into the empty store: queueing them one send at a time would measure the
 * sender, not the processor.
 */
final class Backlog {
  static final int AGENTS = 8;

  private Backlog() {}

  /** The queue in {@code dir} with {@code size} entries (broadcasts to the 8 agents). */
  static TestQueue create(Path dir, int size, boolean paused) throws java.io.IOException {
    TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC());
    fill(queue, size, paused);
    return queue;
  }

  /** Imports the 8 agents and {@code size} entries into {@code queue}, which must be empty. */
  static void fill(TestQueue queue, int size, boolean paused) {
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      agents.add(queue.inboxAgent("agent-" + i).withPaused(paused));
    }
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < size / AGENTS; i++) {
      bodies.add("backlog message " + i);
    }
    queue.importQueued(agents, bodies);
  }

  /** The {@code new/} directories of the 8 agents' inboxes, created. */
  static List<Path> inboxes(Path dir) throws java.io.IOException {
    List<Path> inboxes = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      inboxes.add(Files.createDirectories(dir.resolve("inbox/agent-" + i + "/new")));
    }
    return inboxes;
  }

  static boolean allDelivered(TestQueue queue, int size) {
    var entries = queue.entries();
    return entries.size() >= size
        && entries.stream().allMatch(e -> e.state() == EntryState.DELIVERED);
  }
}
