package queue.postgres;

import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.StoreProvider;

/**
 * Opens {@code postgresql://} and {@code postgres://} stores; found by {@link
 * java.util.ServiceLoader}.
 */
public final class PostgresStoreProvider implements StoreProvider {

  @Override
  public boolean accepts(String location) {
    return PostgresUrl.isPostgres(location);
  }

  @Override
  public QueueStore open(String location, OpenOptions options) {
    return PostgresQueueStore.open(PostgresUrl.parse(location, System.getenv()), options);
  }
}
