package queue.cli.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import queue.core.Ids;
import queue.core.api.ExportDocument;
import queue.core.api.QueueStore;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;

/** Backlogs for the benchmarks of what takes messages ({@code receive}, the MCP server). */
final class Backlogs {
  private Backlogs() {}

  /**
   * The agent and {@code size} PENDING entries for it with bodies {@code backlog 0}, {@code backlog
   * 1}, ..., in one import into the empty store: queueing them one send at a time would measure the
   * sender, not the receiver.
   */
  static void importQueued(QueueStore store, Agent agent, int size) {
    Instant now = agent.registeredAt();
    List<Message> messages = new ArrayList<>(size);
    List<Entry> entries = new ArrayList<>(size);
    long key = Ids.nextKey(0, now);
    for (int i = 0; i < size; i++) {
      Message message =
          new Message(
              Ids.format(key++), "bench", "backlog " + i, now, null, List.of(agent.name()), null);
      messages.add(message);
      entries.add(Entry.queued(Ids.format(key++), message, agent.name(), i + 1, now));
    }
    store
        .transfer()
        .importAll(
            new ExportDocument(
                ExportDocument.VERSION,
                "bench",
                now,
                key - 1,
                List.of(agent),
                messages,
                entries,
                Map.of(),
                Map.of()));
  }
}
