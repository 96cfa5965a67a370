package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.error.QueueException;
import queue.core.error.StoreUnreachableException;
import queue.core.testing.MutableClock;

class ConnectionTest {
  @TempDir Path directory;
  final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  @Test
  void aClosedPortIsExit6NamingHostPortAndDatabase() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "postgresql://queue:topsecret@127.0.0.1:" + closedPort + "/queue";

    StoreUnreachableException error =
        assertThrows(StoreUnreachableException.class, () -> TestStores.open(url, clock));

    assertEquals(6, error.exitCode());
    assertEquals(
        "cannot reach PostgreSQL at 127.0.0.1:"
            + closedPort
            + " (database queue, user queue): connection refused; check that the server is"
            + " running and listens on 127.0.0.1:"
            + closedPort,
        error.getMessage());
    assertNoPassword(error, "topsecret");
  }

  @Test
  void aServerThatNeverAnswersIsExit6AfterTheConnectTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0)) {
      String url = "postgresql://127.0.0.1:" + silent.getLocalPort() + "/queue";
      OpenOptions options =
          TestStores.options(clock).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));

      StoreUnreachableException error =
          assertThrows(StoreUnreachableException.class, () -> Stores.open(url, options));

      assertTrue(error.getMessage().contains("no answer within 1s"), error.getMessage());
      assertTrue(error.getMessage().contains("127.0.0.1:" + silent.getLocalPort()));
    }
  }

  @Test
  void aWrongPasswordIsExit6AndNeverShown() {
    String url =
        "postgresql://"
            + EmbeddedServer.PASSWORD_USER
            + ":wrong-topsecret@127.0.0.1:"
            + EmbeddedServer.port()
            + "/postgres";

    StoreUnreachableException error =
        assertThrows(StoreUnreachableException.class, () -> TestStores.open(url, clock));

    assertTrue(error.getMessage().startsWith("cannot log in to PostgreSQL at 127.0.0.1:"));
    assertTrue(error.getMessage().contains("authentication failed"));
    assertNoPassword(error, "wrong-topsecret");
  }

  @Test
  void noPasswordForAServerThatAsksForOneSaysWhereToPutIt() {
    System.setProperty("org.postgresql.pgpassfile", directory.resolve("none").toString());
    try {
      StoreUnreachableException error =
          assertThrows(
              StoreUnreachableException.class, () -> TestStores.open(passwordUrl(""), clock));

      assertEquals(6, error.exitCode());
      assertEquals(
          "cannot log in to PostgreSQL at 127.0.0.1:"
              + EmbeddedServer.port()
              + " (database postgres, user "
              + EmbeddedServer.PASSWORD_USER
              + "): the server asks for a password and none was given; set PGPASSWORD, or add a"
              + " line 127.0.0.1:"
              + EmbeddedServer.port()
              + ":postgres:"
              + EmbeddedServer.PASSWORD_USER
              + ":PASSWORD to ~/.pgpass (mode 0600; PGPASSFILE names another file)",
          error.getMessage());
    } finally {
      System.clearProperty("org.postgresql.pgpassfile");
    }
  }

  @Test
  void sslRequiredOfAServerWithoutSslSaysWhatToChange() {
    String url = "postgresql://postgres@127.0.0.1:" + EmbeddedServer.port() + "/postgres";

    StoreUnreachableException error =
        assertThrows(
            StoreUnreachableException.class,
            () -> TestStores.open(url + "?sslmode=require", clock));

    assertEquals(6, error.exitCode());
    assertTrue(
        error
            .getMessage()
            .endsWith(
                ": the server does not support SSL, which sslmode=require requires; turn ssl on"
                    + " in the server's postgresql.conf, or on a trusted network use"
                    + " sslmode=prefer"),
        error.getMessage());
    assertFalse(error.getMessage().contains(".;"), error.getMessage());
  }

  @Test
  void theRightPasswordFromTheUrlLogsIn() {
    String url = passwordUrl(":" + EmbeddedServer.PASSWORD);

    try (QueueStore store = TestStores.open(url, clock)) {
      assertEquals(List.of(), store.agents().list());
      assertFalse(store.location().contains(EmbeddedServer.PASSWORD));
    }
  }

  @Test
  void aPasswordFileIsReadWhenTheUrlHasNoPassword() throws IOException {
    Path pgpass = directory.resolve("pgpass");
    Files.writeString(
        pgpass,
        "127.0.0.1:"
            + EmbeddedServer.port()
            + ":*:"
            + EmbeddedServer.PASSWORD_USER
            + ":"
            + EmbeddedServer.PASSWORD
            + "\n");
    // The driver reads PGPASSFILE, else ~/.pgpass; a test cannot set the environment, so it
    // points the driver's own property at the file.
    System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
    try (QueueStore store = TestStores.open(passwordUrl(""), clock)) {
      assertEquals(List.of(), store.agents().list());
    } finally {
      System.clearProperty("org.postgresql.pgpassfile");
    }
  }

  @Test
  void aDatabaseThatDoesNotExistIsExit6SayingSo() {
    String url = "postgresql://postgres@127.0.0.1:" + EmbeddedServer.port() + "/no_such_db";

    StoreUnreachableException error =
        assertThrows(StoreUnreachableException.class, () -> TestStores.open(url, clock));

    assertTrue(error.getMessage().contains("the database does not exist"), error.getMessage());
  }

  @Test
  void anOperationCutOffByTheServerIsExit6AndTheNextOneReconnects() throws Exception {
    String url = EmbeddedServer.newDatabase();
    try (QueueStore store = TestStores.open(url, clock)) {
      store.agents().list();
      terminateOtherSessions(url);

      QueueException error = assertThrows(QueueException.class, () -> store.agents().list());

      assertEquals(6, error.exitCode());
      assertTrue(error.getMessage().startsWith("cannot reach PostgreSQL at 127.0.0.1:"));
      assertEquals(List.of(), store.agents().list());
    }
  }

  static void terminateOtherSessions(String url) throws Exception {
    terminateSessions(url, "true");
  }

  /** Ends, as a server restart or a network cut does, the sessions that match {@code condition}. */
  static void terminateSessions(String url, String condition) throws Exception {
    try (Connection connection = EmbeddedServer.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a"
              + " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND "
              + condition);
    }
  }

  private static String passwordUrl(String password) {
    return "postgresql://"
        + EmbeddedServer.PASSWORD_USER
        + password
        + "@127.0.0.1:"
        + EmbeddedServer.port()
        + "/postgres";
  }

  private static void assertNoPassword(Throwable error, String password) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(password), t.getMessage());
    }
  }
}
