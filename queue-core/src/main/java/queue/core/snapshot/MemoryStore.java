package queue.core.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import queue.core.api.Diagnosis;
import queue.core.api.EntryView;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;

/**
 * A store held in memory, with the same contract as the file store: for tests of the programs and
 * for embedding.
 */
public final class MemoryStore {
  private MemoryStore() {}

  public static QueueStore open(OpenOptions options) {
    InMemorySnapshotStore store = new InMemorySnapshotStore();
    return new SnapshotQueueStore(
        new SnapshotQueueStore.Parts(
            "memory",
            store,
            options.clock(),
            new MemoryHistory(),
            new MemoryLiveness(),
            listener -> {
              store.onChange(listener);
              return () -> store.removeListener(listener);
            },
            () ->
                new Diagnosis(List.of(Diagnosis.Finding.ok("memory", "held in memory")), List.of()),
            () -> {}));
  }

  /** History in a list. */
  private static final class MemoryHistory implements History {
    private final List<EntryView> lines = new ArrayList<>();

    @Override
    public synchronized void append(List<EntryView> delivered) {
      lines.addAll(delivered);
    }

    @Override
    public synchronized List<EntryView> findByMessagePrefix(String prefix) {
      return lines.stream().filter(v -> v.entry().messageId().startsWith(prefix)).toList();
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
