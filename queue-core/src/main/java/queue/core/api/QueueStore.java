package queue.core.api;

/**
 * The queue API: every operation the command line and the processor perform, grouped by role, and
 * the small ports a program needs beside them (liveness, change signal, diagnostics). Two stores
 * implement it with one contract: the file store ({@code queue.json} in a data directory) and the
 * PostgreSQL store; an in-memory store serves tests.
 *
 * <p>Guarantees, in every store: each operation is one transaction (a broadcast is queued for all
 * its recipients or for none); per-recipient order (a recipient's entries are claimed one at a
 * time, in the order they were queued); fencing (a result is applied only while the entry is still
 * held by the claim that delivered it); errors are {@link queue.core.error.QueueException}s that
 * carry the contract's exit code, and a failed operation changes nothing.
 *
 * <p>Not promised: a consistent view across two operations; answers are of the moment they ran.
 */
public interface QueueStore extends AutoCloseable {

  /** Where the state lives, for messages: a directory, or {@code postgresql://host:port/db}. */
  String location();

  Agents agents();

  Sends sends();

  Leases leases();

  Upkeep upkeep();

  Reports reports();

  Conversations conversations();

  Transfer transfer();

  Liveness liveness();

  Changes changes();

  Diagnostics diagnostics();

  @Override
  void close();

  /**
   * A store made of one object per role, so that a store implements the API without writing a
   * getter per role: {@code QueueStore.of(location).agents(...)...build()}.
   */
  static StoreBuilder of(String location) {
    return new StoreBuilder(location);
  }
}
