package queue.postgres;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.QueueStore;
import queue.core.contract.QueueStoreContract;
import queue.core.testing.MutableClock;

/** The contract on the PostgreSQL store: each store a database of its own. */
class PostgresQueueStoreContractTest extends QueueStoreContract {
  @TempDir Path directory;
  private final List<String> databases = new ArrayList<>();

  @Override
  protected QueueStore newStore(MutableClock clock) {
    String url = EmbeddedServer.newDatabase();
    databases.add(url);
    return TestStores.open(url, clock);
  }

  // Runs before the contract closes its store: dropping a database ends its connections first.
  @AfterEach
  void dropDatabases() {
    databases.forEach(EmbeddedServer::dropDatabase);
    databases.clear();
  }
}
