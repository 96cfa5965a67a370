package queue.core.store;

import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.StoreProvider;
import queue.core.api.Stores;

/**
 * Opens the file store for a location that is a directory; found by {@link
 * java.util.ServiceLoader}, as every store is. queue-core is first on every class path the build
 * makes, so a directory is opened without loading another store's classes.
 */
public final class FileStoreProvider implements StoreProvider {

  @Override
  public boolean accepts(String location) {
    return !Stores.isUrl(location);
  }

  @Override
  public QueueStore open(String location, OpenOptions options) {
    return FileStore.open(Stores.directory(location), options);
  }
}
