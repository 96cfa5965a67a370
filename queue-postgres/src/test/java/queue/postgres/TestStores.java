package queue.postgres;

import java.time.Clock;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;

/** Opens PostgreSQL stores the way programs do, through {@link Stores}. */
final class TestStores {
  private TestStores() {}

  static OpenOptions options(Clock clock) {
    return OpenOptions.defaults(clock);
  }

  static QueueStore open(String url, Clock clock) {
    return Stores.open(url, options(clock));
  }
}
