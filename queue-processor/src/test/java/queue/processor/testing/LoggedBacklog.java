package queue.processor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import queue.core.api.EntryView;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.testing.DeliveryLog;

/**
 * The set-up of the multi-process tests on a shared store: exec agents that log every delivery
 * ({@link DeliveryLog}), a backlog of broadcasts and single sends for them, and what the store and
 * the agents' logs say about it.
 */
public final class LoggedBacklog implements AutoCloseable {
  private final TestQueue queue;
  private final Path logs;
  private int total;

  private LoggedBacklog(TestQueue queue, Path logs) {
    this.queue = queue;
    this.logs = logs;
  }

  /**
   * Agents a1..aN on the store at {@code location}, each delivery taking {@code seconds} (null: no
   * wait), their script and logs under {@code dir}.
   */
  public static LoggedBacklog create(String location, Path dir, int agents, String seconds)
      throws IOException {
    Path logs = Files.createDirectories(dir.resolve("agent-logs"));
    Path script = DeliveryLog.writeAgent(dir);
    TestQueue queue = TestQueue.at(location, Clock.systemUTC(), dir);
    for (int i = 1; i <= agents; i++) {
      String log = logs.resolve("a" + i + ".log").toString();
      if (seconds == null) {
        queue.addExec("a" + i, script.toString(), log);
      } else {
        queue.addExec("a" + i, script.toString(), log, seconds);
      }
    }
    return new LoggedBacklog(queue, logs);
  }

  /** Queues {@code broadcasts} broadcasts and {@code singles} sends to one agent in turn. */
  public LoggedBacklog fill(int broadcasts, int singles) {
    int agents = queue.store().agents().list().size();
    for (int i = 0; i < Math.max(broadcasts, singles); i++) {
      if (i < broadcasts) {
        queue.broadcast("broadcast " + i);
        total += agents;
      }
      if (i < singles) {
        queue.send("single " + i, "a" + (1 + i % agents));
        total++;
      }
    }
    return this;
  }

  public TestQueue queue() {
    return queue;
  }

  /** How many entries were queued. */
  public int total() {
    return total;
  }

  public DeliveryLog seen() {
    return DeliveryLog.read(logs);
  }

  /** The ids of every entry in the store. */
  public Set<String> entryIds() {
    return queue.entries().stream().map(Entry::id).collect(Collectors.toSet());
  }

  /** The entries leased to the processor with this pid now: what it has in flight. */
  public Set<String> heldBy(long pid) {
    return leased()
        .filter(e -> e.leaseOwner().startsWith(pid + "-"))
        .map(Entry::id)
        .collect(Collectors.toSet());
  }

  /** The pids of the processors that hold leases now. */
  public Set<Long> holders() {
    return leased()
        .map(e -> Long.parseLong(e.leaseOwner().substring(0, e.leaseOwner().indexOf('-'))))
        .collect(Collectors.toSet());
  }

  private Stream<Entry> leased() {
    return queue.store().reports().list(EntryState.PROCESSING, null, 0).stream()
        .map(EntryView::entry)
        .filter(e -> e.leaseOwner() != null);
  }

  /** Every entry queued is DELIVERED. */
  public boolean allDelivered() {
    return queue.store().reports().status().totals().delivered() == total;
  }

  @Override
  public void close() {
    queue.close();
  }
}
