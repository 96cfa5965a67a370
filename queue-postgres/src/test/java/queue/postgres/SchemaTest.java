package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.Ids;
import queue.core.api.QueueStore;
import queue.core.error.CorruptStateException;
import queue.core.testing.MutableClock;

class SchemaTest {
  @TempDir Path directory;
  final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  @Test
  void firstOpenCreatesTheSchemaAndRecordsItsVersion() throws Exception {
    String url = EmbeddedServer.newDatabase();

    try (QueueStore store = TestStores.open(url, clock, directory)) {
      assertEquals(0, store.agents().list().size());
    }

    assertEquals(Schema.VERSION, recordedVersion(url));
  }

  @Test
  void secondOpenLeavesTheSchemaAsItIs() throws Exception {
    String url = EmbeddedServer.newDatabase();
    TestStores.open(url, clock, directory).close();

    TestStores.open(url, clock, directory).close();

    assertEquals(Schema.VERSION, recordedVersion(url));
  }

  @Test
  void schemaNewerThanTheProgramIsRefusedWithExit4() throws Exception {
    String url = EmbeddedServer.newDatabase();
    TestStores.open(url, clock, directory).close();
    try (Connection connection = EmbeddedServer.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO queue_schema (version) VALUES (" + (Schema.VERSION + 1) + ")");
    }

    CorruptStateException error =
        assertThrows(CorruptStateException.class, () -> TestStores.open(url, clock, directory));

    assertEquals(4, error.exitCode());
    assertEquals(
        "schema version "
            + (Schema.VERSION + 1)
            + " is newer than this program ("
            + Schema.VERSION
            + "); upgrade queue",
        error.getMessage());
  }

  @Test
  void theDatabaseWritesIdsAsTheProgramDoes() throws Exception {
    String url = EmbeddedServer.newDatabase();
    TestStores.open(url, clock, directory).close();
    Random random = new Random(7);
    List<Long> keys = new ArrayList<>(List.of(0L, 1L, 31L, 32L, (1L << 40) - 1));
    for (int i = 0; i < 200; i++) {
      keys.add(random.nextLong() & ((1L << 40) - 1));
    }
    try (Connection connection = EmbeddedServer.connect(url);
        PreparedStatement ps = connection.prepareStatement("SELECT queue_id(?)")) {
      for (long key : keys) {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(Ids.format(key), rs.getString(1), "key " + key);
        }
      }
    }
  }

  private static int recordedVersion(String url) throws Exception {
    try (Connection connection = EmbeddedServer.connect(url);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT max(version) FROM queue_schema")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
