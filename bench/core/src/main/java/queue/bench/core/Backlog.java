package queue.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import queue.core.Ids;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.snapshot.SnapshotQueueStore;
import queue.core.snapshot.SnapshotStore;
import queue.core.snapshot.SnapshotStore.Result;
import queue.core.store.FileStore;
import queue.core.store.StateCodec;
import queue.core.store.StateFiles;

/**
 * A data directory holding a fixed number of live (PENDING) entries, spread over 8 agents, who are
 * all in the group {@link #GROUP}. Each measured send is followed by an unmeasured update that
 * removes what it queued, so every sample sees the same backlog.
 */
final class Backlog {
  static final int AGENTS = 8;
  static final String GROUP = "team";
  private static final String BODY =
      "a typical short message body of about one hundred bytes, ".repeat(2);

  private final int size;
  private final Path directory;
  private final SnapshotStore snapshots;
  private final QueueStore store;
  private final StateCodec codec = new StateCodec();

  private Backlog(int size, Path directory) {
    this.size = size;
    this.directory = directory;
    FileStore parts = BenchStores.parts(directory);
    this.snapshots = parts.snapshots();
    this.store = SnapshotQueueStore.of(parts, Clock.systemUTC());
  }

  static Backlog filled(int size, Path directory) {
    Backlog backlog = new Backlog(size, directory);
    backlog.fill();
    return backlog;
  }

  int size() {
    return size;
  }

  private void fill() {
    for (int i = 0; i < AGENTS; i++) {
      store
          .agents()
          .add(
              Agent.of(agent(i), Inbox.TRANSPORT, Inbox.target(null), Instant.now())
                  .withHost("bench", true)
                  .withGroups(List.of(GROUP)));
    }
    snapshots.update(
        current -> {
          Instant now = Instant.now();
          List<Message> messages = new ArrayList<>(size);
          List<Entry> entries = new ArrayList<>(size);
          long key = Ids.nextKey(0, now);
          for (int i = 0; i < size; i++) {
            String recipient = agent(i % AGENTS);
            Message message =
                new Message(
                    Ids.format(key++), "bench", BODY + i, now, null, List.of(recipient), null);
            messages.add(message);
            entries.add(Entry.queued(Ids.format(key++), message, recipient, i + 1L, now));
          }
          QueueState state =
              new QueueState(
                  size + 1L, key, java.util.Map.of(), java.util.Map.of(), messages, entries);
          return new Result<>(current.withQueue(state), null);
        });
  }

  /** One durable send to one agent, as a long-running writer (its own last save is cached). */
  long sendOne() {
    return timed(SendRequest.to(List.of(agent(0)), "bench", BODY), store);
  }

  /** One durable broadcast to the 8 agents: one message, 8 entries, one save. */
  long broadcast() {
    return timed(SendRequest.broadcast("bench", BODY), store);
  }

  /** One durable send to the group of the 8 agents, {@code @team}: the broadcast's 8 entries. */
  long groupSend() {
    return timed(SendRequest.to(List.of("@" + GROUP), "bench", BODY), store);
  }

  /** One send by a store that has not read the file yet, as a fresh `queue send` process does. */
  long sendOneCold() {
    return timed(
        SendRequest.to(List.of(agent(0)), "bench", BODY),
        FileStore.open(directory, BenchStores.options()));
  }

  private long timed(SendRequest request, QueueStore by) {
    long start = System.nanoTime();
    SendResult sent = by.sends().send(request);
    long elapsed = System.nanoTime() - start;
    removeMessage(sent.messageId());
    return elapsed;
  }

  /**
   * One checkpoint: queue.json rewritten whole with what the journal holds (a send and its removal
   * are appended first, unmeasured, so there is something to fold), and the journal restarted.
   */
  long checkpoint() {
    removeMessage(store.sends().send(SendRequest.to(List.of(agent(1)), "bench", BODY)).messageId());
    long start = System.nanoTime();
    snapshots.checkpoint();
    return System.nanoTime() - start;
  }

  /** Turning the state into queue.json's bytes: the CPU part of every checkpoint. */
  long encode() {
    var state = snapshots.read().queue();
    long start = System.nanoTime();
    codec.encodeQueue(state, 0);
    return System.nanoTime() - start;
  }

  /** Parsing and validating queue.json: what a reader pays once per checkpoint it did not write. */
  long decode() throws IOException {
    Path file = directory.resolve(StateFiles.QUEUE_FILE);
    byte[] bytes = Files.readAllBytes(file);
    long start = System.nanoTime();
    codec.decodeQueue(file, bytes);
    return System.nanoTime() - start;
  }

  long fileBytes() throws IOException {
    return Files.size(directory.resolve(StateFiles.QUEUE_FILE));
  }

  private void removeMessage(String messageId) {
    snapshots.update(
        current -> {
          Set<String> ids = new HashSet<>();
          current.queue().entries().stream()
              .filter(e -> e.messageId().equals(messageId))
              .forEach(e -> ids.add(e.id()));
          return new Result<>(current.withQueue(current.queue().withoutEntries(ids)), null);
        });
  }

  static String agent(int i) {
    return "agent-" + i;
  }
}
