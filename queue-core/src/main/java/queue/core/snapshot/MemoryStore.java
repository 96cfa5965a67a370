package queue.core.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import queue.core.api.Changes;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnostics;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;

/**
 * A store held in memory, with the same contract as the file store: for tests of the programs and
 * for embedding.
 */
public final class MemoryStore implements SnapshotBackend {
  private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
  private final MemoryHistory history = new MemoryHistory();
  private final MemoryLiveness liveness = new MemoryLiveness();

  private MemoryStore() {}

  public static QueueStore open(OpenOptions options) {
    return SnapshotQueueStore.of(new MemoryStore(), options.clock());
  }

  @Override
  public String location() {
    return "memory";
  }

  @Override
  public SnapshotStore snapshots() {
    return snapshots;
  }

  @Override
  public History history() {
    return history;
  }

  @Override
  public Liveness liveness() {
    return liveness;
  }

  @Override
  public Changes changes() {
    return listener -> {
      snapshots.onChange(listener);
      return () -> snapshots.removeListener(listener);
    };
  }

  @Override
  public Diagnostics diagnostics() {
    return () ->
        new Diagnosis(List.of(Diagnosis.Finding.ok("memory", "held in memory")), List.of());
  }

  @Override
  public void close() {
    // Nothing is held outside the heap.
  }

  /** History in a list. */
  private static final class MemoryHistory implements History {
    private final List<Retired> lines = new ArrayList<>();

    @Override
    public synchronized void append(List<Retired> delivered) {
      lines.addAll(delivered);
    }

    @Override
    public List<Retired> findByMessagePrefix(String prefix) {
      return find(r -> r.entry().messageId().startsWith(prefix));
    }

    @Override
    public List<Retired> findById(String prefix) {
      return find(
          r -> r.entry().id().startsWith(prefix) || r.entry().messageId().startsWith(prefix));
    }

    @Override
    public List<Retired> findByThread(String threadId) {
      return find(r -> r.threadId().equals(threadId));
    }

    private synchronized List<Retired> find(Predicate<Retired> wanted) {
      return lines.stream().filter(wanted).toList();
    }
  }

  /** Registrations in a map: they end when closed. */
  private static final class MemoryLiveness implements Liveness {
    private final Map<Long, ProcessorInfo> running = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public Registration register(ProcessorInfo processor) {
      long id = ids.incrementAndGet();
      running.put(id, processor);
      return () -> running.remove(id);
    }

    @Override
    public List<ProcessorInfo> running() {
      return running.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .map(Map.Entry::getValue)
          .toList();
    }
  }
}
