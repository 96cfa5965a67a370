package queue.postgres.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL for tests of every module (zonky's, with only the linux-amd64 binaries),
 * and fresh databases on it. PostgreSQL refuses to run as root: as root, zonky runs initdb, pg_ctl
 * and the server through {@code unshare -U}, a user namespace in which the process is not root.
 * Listens on 127.0.0.1 only and keeps its data in the directory given (under {@code target/}, so
 * what a killed test JVM leaves behind goes with {@code mvn clean}). One role, {@link
 * #PASSWORD_USER}, must log in with a password; every other connects without one.
 *
 * <p>{@link #stop()} and {@link #restart()} take the server away and bring it back on the same data
 * directory and port, as an operator's {@code pg_ctl stop -m fast} and {@code start} do; {@link
 * #crash()} takes it away as {@code pg_ctl stop -m immediate} does.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String PASSWORD_USER = "queue_secret_user";
  public static final String PASSWORD = "s3cret-Pa55word";
  private static PostgresServer shared;
  private static FileLock directoryLock; // held while this JVM lives: its shared server's directory

  private final Path data;
  private final boolean durable;
  private final AtomicInteger databases = new AtomicInteger();
  private EmbeddedPostgres server;
  private int port;

  private PostgresServer(Path data, boolean durable) {
    this.data = data;
    this.durable = durable;
  }

  /**
   * The one server of this JVM, started on first use, under {@code target/embedded-postgres}, or
   * {@code target/embedded-postgres-shared-N} when other test JVMs run beside this one (failsafe's
   * {@code forkCount}) and hold the first: each JVM holds the lock of the directory it took until
   * it exits, and the OS drops the lock of one that was killed.
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start(unheldDirectory());
    }
    return shared;
  }

  private static Path unheldDirectory() {
    try {
      Files.createDirectories(Path.of("target"));
      for (int n = 1; ; n++) {
        Path data =
            Path.of("target", n == 1 ? "embedded-postgres" : "embedded-postgres-shared-" + n);
        FileChannel channel =
            FileChannel.open(
                Path.of(data + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        directoryLock = channel.tryLock();
        if (directoryLock != null) {
          return data;
        }
        channel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take a data directory for the embedded PostgreSQL", e);
    }
  }

  /** A new server on a new data directory (whatever was there is deleted); no fsync. */
  public static PostgresServer start(Path data) {
    return start(data, false);
  }

  /**
   * A new server; {@code durable} keeps the durability of a real installation (fsync and
   * synchronous_commit on), for benchmarks.
   */
  public static PostgresServer start(Path data, boolean durable) {
    PostgresServer created = new PostgresServer(data.toAbsolutePath(), durable);
    try {
      deleteTree(created.data);
      created.launch(0);
      created.port = created.server.getPort();
      created.createPasswordRole();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + data, e);
    }
    return created;
  }

  private void launch(int onPort) throws IOException {
    String sync = durable ? "on" : "off";
    server =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPort(onPort)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("fsync", sync)
            .setServerConfig("synchronous_commit", sync)
            .setServerConfig("full_page_writes", sync)
            .setDataDirectoryCustomizer(PostgresServer::passwordForOneRole)
            .start();
  }

  private void createPasswordRole() {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE ROLE " + PASSWORD_USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the embedded PostgreSQL", e);
    }
  }

  private static void passwordForOneRole(File dataDirectory) {
    String rules =
        String.join(
            "\n",
            "local all all trust",
            "host all " + PASSWORD_USER + " 127.0.0.1/32 scram-sha-256",
            "host all all 127.0.0.1/32 trust",
            "");
    try {
      Files.writeString(
          dataDirectory.toPath().resolve("pg_hba.conf"), rules, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** A new, empty database; its URL, as user postgres on 127.0.0.1. */
  public String newDatabase() {
    String name = "queue_test_" + databases.incrementAndGet();
    execute("CREATE DATABASE " + name);
    return "postgresql://postgres@127.0.0.1:" + port + "/" + name;
  }

  /** Drops the database of {@code url}, ending what is still connected to it. */
  public void dropDatabase(String url) {
    execute("DROP DATABASE " + databaseOf(url) + " WITH (FORCE)");
  }

  private void execute(String sql) {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "'", e);
    }
  }

  /** A superuser connection to the database of {@code url}, to check behind the store. */
  public Connection connect(String url) throws SQLException {
    return server.getDatabase("postgres", databaseOf(url)).getConnection();
  }

  private static String databaseOf(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /** {@code pg_ctl stop -m fast}: every session ends, the data stays. */
  public synchronized void stop() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
    }
  }

  /**
   * {@code pg_ctl stop -m immediate}: the postmaster gets SIGQUIT and every server process quits at
   * once, without a checkpoint or a word to its clients, as in a crash; the next {@link #restart}
   * recovers from the write-ahead log. (zonky's own stop is always {@code -m fast}: it is run after
   * the crash only to let go of the data directory, and finds no server to stop.)
   */
  public synchronized void crash() {
    try {
      long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
      ProcessHandle postmaster =
          ProcessHandle.of(pid)
              .orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
      Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
      if (quit.waitFor() != 0) {
        throw new IllegalStateException("kill -QUIT " + pid + " failed");
      }
      postmaster.onExit().get(2, TimeUnit.MINUTES);
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot crash the embedded PostgreSQL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the postmaster did not quit on SIGQUIT", e);
    }
  }

  /** Starts the server again on the same data directory and port. */
  public synchronized void restart() {
    try {
      launch(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart the embedded PostgreSQL on port " + port, e);
    }
  }

  /** Stops the server and deletes its data. */
  @Override
  public synchronized void close() {
    stop();
    try {
      deleteTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + data, e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
