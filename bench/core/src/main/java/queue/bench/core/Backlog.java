package queue.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.send.SendRequest;
import queue.core.send.SendResult;
import queue.core.send.Sender;
import queue.core.store.FileQueueStore;
import queue.core.store.QueueStore.Result;
import queue.core.store.StateCodec;
import queue.core.store.StateFiles;

/**
 * A data directory holding a fixed number of live (PENDING) entries, spread over 8 agents. Each
 * measured send is followed by an unmeasured update that removes what it queued, so every sample
 * sees the same backlog.
 */
final class Backlog {
  static final int AGENTS = 8;
  private static final String BODY =
      "a typical short message body of about one hundred bytes, ".repeat(2);

  private final int size;
  private final Path directory;
  private final FileQueueStore store;
  private final Sender sender;
  private final StateCodec codec = new StateCodec();

  private Backlog(int size, Path directory) {
    this.size = size;
    this.directory = directory;
    this.store = FileQueueStore.open(directory, Duration.ofSeconds(30));
    this.sender = new Sender(store, Clock.systemUTC(), Sender.DEFAULT_MAX_BODY_BYTES);
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
    var agents = new queue.core.agents.AgentRegistry(store, Clock.systemUTC());
    for (int i = 0; i < AGENTS; i++) {
      agents.addInbox(agent(i), null);
    }
    store.update(
        current -> {
          Instant now = Instant.now();
          List<Message> messages = new ArrayList<>(size);
          List<Entry> entries = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            String recipient = agent(i % AGENTS);
            Message message =
                new Message(
                    queue.core.Ids.newId(), "bench", BODY + i, now, null, List.of(recipient));
            messages.add(message);
            entries.add(Entry.queued(queue.core.Ids.newId(), message, recipient, i + 1L));
          }
          return new Result<>(
              current.withQueue(new QueueState(size + 1L, java.util.Map.of(), messages, entries)),
              null);
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

  /** One send by a store that has not read the file yet, as a fresh `queue send` process does. */
  long sendOneCold() {
    return timed(
        SendRequest.to(List.of(agent(0)), "bench", BODY),
        FileQueueStore.open(directory, Duration.ofSeconds(30)));
  }

  private long timed(SendRequest request, FileQueueStore by) {
    Sender measured =
        by == store ? sender : new Sender(by, Clock.systemUTC(), Sender.DEFAULT_MAX_BODY_BYTES);
    long start = System.nanoTime();
    SendResult sent = measured.send(request);
    long elapsed = System.nanoTime() - start;
    removeMessage(sent.messageId());
    return elapsed;
  }

  /** Turning the state into queue.json's bytes: the CPU part of every save. */
  long encode() {
    var state = store.read().queue();
    long start = System.nanoTime();
    codec.encodeQueue(state);
    return System.nanoTime() - start;
  }

  /** Parsing and validating queue.json: what every process pays once per file it did not write. */
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
    store.update(
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
