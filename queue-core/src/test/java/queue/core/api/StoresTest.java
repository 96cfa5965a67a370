package queue.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.error.InvalidInputException;
import queue.core.testing.MutableClock;

/**
 * Which store a run uses: --store, then $QUEUE_STORE, then the data directory (--dir, $QUEUE_DIR,
 * ./message_queue), as the contract orders them.
 */
class StoresTest {
  private static final Map<String, String> NO_ENVIRONMENT = Map.of();
  private static final String PG = "postgresql://queue@db.example:5432/queue";

  @TempDir Path root;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  @Test
  void withNothingGivenTheStoreIsMessageQueueInTheWorkingDirectory() {
    assertEquals("message_queue", Stores.locate(null, null, NO_ENVIRONMENT));
    assertEquals(Path.of("message_queue"), Stores.localDirectory(null, NO_ENVIRONMENT));
  }

  @Test
  void queueDirChoosesTheDirectory() {
    Map<String, String> env = Map.of("QUEUE_DIR", "/var/queue");

    assertEquals("/var/queue", Stores.locate(null, null, env));
    assertEquals(Path.of("/var/queue"), Stores.localDirectory(null, env));
  }

  @Test
  void queueStoreWinsOverQueueDir() {
    Map<String, String> env = Map.of("QUEUE_STORE", PG, "QUEUE_DIR", "/var/queue");

    assertEquals(PG, Stores.locate(null, null, env));
    assertEquals(Path.of("/var/queue"), Stores.localDirectory(null, env), "inboxes stay local");
  }

  @Test
  void theStoreOptionWinsOverTheEnvironment() {
    Map<String, String> env = Map.of("QUEUE_STORE", PG, "QUEUE_DIR", "/var/queue");

    assertEquals("/srv/other", Stores.locate("/srv/other", null, env));
    assertEquals(PG, Stores.locate(PG, null, Map.of("QUEUE_DIR", "/var/queue")));
  }

  @Test
  void dirWinsOverQueueDir() {
    Map<String, String> env = Map.of("QUEUE_DIR", "/var/queue");

    assertEquals("/tmp/mine", Stores.locate(null, "/tmp/mine", env));
    assertEquals(Path.of("/tmp/mine"), Stores.localDirectory("/tmp/mine", env));
  }

  // A service started with --dir /var/lib/queue moves to a database by QUEUE_STORE in its
  // environment file alone; its --dir still says where this host's default inboxes go.
  @Test
  void queueStoreWinsOverDirWhichThenHoldsThisHostsInboxes() {
    Map<String, String> env = Map.of("QUEUE_STORE", PG);

    assertEquals(PG, Stores.locate(null, "/var/lib/queue", env));
    assertEquals(Path.of("/var/lib/queue"), Stores.localDirectory("/var/lib/queue", env));
  }

  @Test
  void blankValuesCountAsNotGiven() {
    Map<String, String> env = Map.of("QUEUE_STORE", " ", "QUEUE_DIR", "");

    assertEquals("message_queue", Stores.locate("", " ", env));
  }

  @Test
  void storeTogetherWithDirIsBadUsage() {
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class, () -> Stores.locate(PG, "/tmp/x", NO_ENVIRONMENT));

    assertEquals(2, error.exitCode());
    assertTrue(error.getMessage().contains("--store and --dir"), error.getMessage());
  }

  @Test
  void aDirectoryOpensAFileStore() {
    Path dir = root.resolve("queue");

    try (QueueStore store = Stores.open(dir.toString(), OpenOptions.defaults(clock))) {
      assertEquals(dir.toAbsolutePath().toString(), store.location());
      assertTrue(Files.isDirectory(dir));
    }
  }

  @Test
  void aUrlOfAnUnsupportedSchemeIsBadUsageNamingIt() {
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () -> Stores.open("mysql://db.example/queue", OpenOptions.defaults(clock)));

    assertEquals(2, error.exitCode());
    assertTrue(error.getMessage().contains("mysql://"), error.getMessage());
    assertFalse(Files.exists(Path.of("mysql:")));
  }

  @Test
  void aPostgresqlUrlWithoutThePostgresqlModuleIsBadUsageThatSaysSo() {
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class, () -> Stores.open(PG, OpenOptions.defaults(clock)));

    assertEquals(2, error.exitCode());
    assertTrue(error.getMessage().contains("PostgreSQL"), error.getMessage());
  }
}
