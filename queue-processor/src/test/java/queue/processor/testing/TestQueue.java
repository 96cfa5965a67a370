package queue.processor.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import queue.core.Ids;
import queue.core.api.EntryView;
import queue.core.api.ExportDocument;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.Stores;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.snapshot.MemoryStore;
import queue.core.store.FileStore;
import queue.core.testing.TestAgents;

/** A store set up the way the command line would: agents registered, messages sent. */
public final class TestQueue implements AutoCloseable {
  private final QueueStore store;
  private final Clock clock;
  private final Path inboxRoot;
  private final TestAgents requests = new TestAgents("host-1");

  /**
   * @param inboxRoot where default inboxes are: the file store's directory, else the processor's
   *     local data directory
   */
  public TestQueue(QueueStore store, Clock clock, Path inboxRoot) {
    this.store = store;
    this.clock = clock;
    this.inboxRoot = inboxRoot;
  }

  /** An in-memory store whose default inboxes are under {@code dir}. */
  public static TestQueue inMemory(Clock clock, Path dir) {
    return new TestQueue(MemoryStore.open(OpenOptions.defaults(clock)), clock, dir);
  }

  /** The file store in {@code dir}. */
  public static TestQueue inDirectory(Path dir, Clock clock) {
    return new TestQueue(FileStore.open(dir, OpenOptions.defaults(clock)), clock, dir);
  }

  /** The store at {@code location} (a PostgreSQL URL, say), default inboxes under {@code dir}. */
  public static TestQueue at(String location, Clock clock, Path dir) {
    return new TestQueue(Stores.open(location, OpenOptions.defaults(clock)), clock, dir);
  }

  public QueueStore store() {
    return store;
  }

  /** Where the processor finds default inboxes ({@code Deliveries.standard}). */
  public Path inboxRoot() {
    return inboxRoot;
  }

  public Agent addInbox(String name) {
    return store.agents().add(inboxAgent(name));
  }

  /** An inbox agent as registration would make it, not yet added. */
  public Agent inboxAgent(String name) {
    return requests.inbox(name, null, clock.instant());
  }

  public Agent addHttp(String name, String url) {
    return store.agents().add(requests.http(name, url, clock.instant()));
  }

  public Agent addExec(String name, String... argv) {
    return store.agents().add(requests.exec(name, List.of(argv), clock.instant()));
  }

  public Agent addPull(String name) {
    return store.agents().add(requests.pull(name, clock.instant()));
  }

  /**
   * Changes an agent's settings as {@code queue agents set} does: null fields keep what is there.
   */
  public void set(String name, Integer maxAttempts, Duration timeout) {
    store
        .agents()
        .change(name, AgentChange.target(TestAgents.settings(maxAttempts, timeout, null, null)));
  }

  public void pause(String name, boolean paused) {
    store.agents().change(name, AgentChange.NONE.withPaused(paused));
  }

  public SendResult send(String body, String... to) {
    return store.sends().send(SendRequest.to(List.of(to), "me", body));
  }

  public SendResult sendWithTtl(Duration ttl, String body, String... to) {
    return store.sends().send(SendRequest.to(List.of(to), "me", body).withTtl(ttl));
  }

  public SendResult broadcast(String body) {
    return store.sends().send(SendRequest.broadcast("me", body));
  }

  /** Every entry still in the queue, in queue order. */
  /**
   * Queues one message per body, each to all of {@code agents}, and registers the agents, in one
   * import into this empty store: the state that many accepted sends make, without rewriting a
   * growing queue.json once per send (which would measure the disk, not the test's subject).
   */
  public void importQueued(List<Agent> agents, List<String> bodies) {
    Instant now = clock.instant();
    List<String> names = agents.stream().map(Agent::name).toList();
    List<Message> messages = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    long key = Ids.nextKey(0, now);
    long seq = 1;
    for (String body : bodies) {
      Message message = new Message(Ids.format(key++), "test", body, now, null, names, null);
      messages.add(message);
      for (String agent : names) {
        entries.add(Entry.queued(Ids.format(key++), message, agent, seq++, now));
      }
    }
    store
        .transfer()
        .importAll(
            new ExportDocument(
                ExportDocument.VERSION,
                "test",
                now,
                key - 1,
                agents,
                messages,
                entries,
                Map.of(),
                Map.of()));
  }

  public List<Entry> entries() {
    return store.reports().list(null, null, 0).stream().map(EntryView::entry).toList();
  }

  public Entry entry(int index) {
    return entries().get(index);
  }

  public boolean allTerminal() {
    return entries().stream().allMatch(e -> e.state().isTerminal());
  }

  @Override
  public void close() {
    store.close();
  }
}
