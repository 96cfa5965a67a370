package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

/**
 * bin/queue and bin/queue-processor, the packaged jars, on PostgreSQL: an embedded server for the
 * runs that reach one, a closed port for those that must not.
 */
class PostgresLaunchersIT {
  private static final Path LOGS = Path.of("target", "it-logs", "postgres-launchers");

  @TempDir Path tmp;
  private OnPostgres queue;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void aNewDatabase() throws IOException {
    queue = new OnPostgres(PostgresServer.shared().newDatabase(), tmp.resolve("message_queue"));
    Files.createDirectories(LOGS);
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process process : started) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    PostgresServer.shared().dropDatabase(queue.url());
  }

  private Process startProcessor(String name) {
    Process processor = queue.processor(LOGS.resolve(name + ".log"));
    started.add(processor);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> queue.status().get("processor").get("running").asBoolean());
    return processor;
  }

  @Test
  void agentsAreRegisteredSentToDeliveredAndReportedThroughTheLaunchers() throws Exception {
    assertEquals(0, queue.run("agents", "add", "alice").exit());
    assertEquals(0, queue.run("agents", "add", "bob").exit());
    Process processor = startProcessor("deliver");

    Launchers.Run sent =
        queue.run("send", "--broadcast", "--wait", "--timeout", "60s", "--json", "hello");

    assertEquals(0, sent.exit(), sent.toString());
    assertEquals(2, sent.json().get("delivered").asInt(), sent.toString());
    for (String agent : List.of("alice", "bob")) {
      try (Stream<Path> files = Files.list(queue.home().resolve("inbox/" + agent + "/new"))) {
        assertEquals(1, files.count(), agent);
      }
    }
    Launchers.Run status = Launchers.run(queue.queueFromEnvironment("status", "--json"));
    assertEquals(0, status.exit(), status.toString());
    JsonNode json = status.json();
    assertEquals(2, json.get("totals").get("delivered").asInt(), status.toString());
    assertEquals(0, json.get("totals").get("pending").asInt(), status.toString());
    assertTrue(json.get("processor").get("running").asBoolean(), status.toString());
    assertEquals(1, json.get("processor").get("count").asInt(), status.toString());
    processor.destroy();
    assertTrue(processor.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, processor.exitValue(), "SIGTERM: an orderly stop");
  }

  @Test
  void statusShowsTheOnlyProcessorGoneSoonAfterKill9() throws Exception {
    Process processor = startProcessor("killed");

    processor.destroyForcibly().waitFor();
    long killed = System.nanoTime();
    await()
        .pollInterval(Duration.ofMillis(100))
        .atMost(Duration.ofMinutes(1))
        .until(() -> !queue.status().get("processor").get("running").asBoolean());

    System.out.printf(
        "PostgresLaunchersIT: processor.running false %.1f s after kill -9 (status runs"
            + " included)%n",
        (System.nanoTime() - killed) / 1e9);
  }

  @Test
  void aClosedPortIsExit6NamingHostPortAndDatabaseButNeverThePassword() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "postgresql://queue:topsecret-pw@127.0.0.1:" + port + "/orders";
    List<Launchers.Run> runs =
        List.of(
            Launchers.run(Launchers.command("bin/queue", "--store", url, "status", "--json")),
            Launchers.run(Launchers.command("bin/queue", "--store", url, "send", "--to", "a", "x")),
            Launchers.run(Launchers.command("bin/queue-processor", "--store", url)));

    for (Launchers.Run run : runs) {
      assertEquals(6, run.exit(), run.toString());
      assertEquals("", run.out(), run.toString());
      assertEquals(1, run.err().lines().count(), "one line: " + run);
      assertTrue(run.err().contains("127.0.0.1:" + port), run.toString());
      assertTrue(run.err().contains("database orders"), run.toString());
      assertFalse(run.err().contains("topsecret"), run.toString());
    }
  }

  @Test
  void aStoreUrlThatDoesNotParseIsExit2WithoutThePassword() {
    String url = "postgresql://queue:topsecret-pw@127.0.0.1:notaport/orders";
    List<Launchers.Run> runs =
        List.of(
            Launchers.run(Launchers.command("bin/queue", "--store", url, "status")),
            Launchers.run(Launchers.command("bin/queue-processor", "--store", url)));

    for (Launchers.Run run : runs) {
      assertEquals(2, run.exit(), run.toString());
      assertTrue(run.err().contains("invalid PostgreSQL URL"), run.toString());
      assertFalse(run.err().contains("topsecret"), run.toString());
    }
  }

  @Test
  void theFileStoreRunsWithoutLoadingThePostgresStoreOrItsDriver() throws Exception {
    Path dir = tmp.resolve("files");
    List<String> loaded = new ArrayList<>();
    for (String[] args :
        List.of(
            new String[] {"agents", "add", "alice"},
            new String[] {"send", "--to", "alice", "hi"},
            new String[] {"status", "--json"})) {
      loaded.add(classesLoaded(Launchers.queue(dir, args)));
    }
    Path log = tmp.resolve("processor-classes.log");
    Process processor =
        Launchers.startLogged(
            withClassLog(Launchers.command("bin/queue-processor", "--dir", dir.toString())),
            log,
            "--once");
    assertTrue(processor.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, processor.exitValue(), Launchers.read(log));
    loaded.add(Launchers.read(log));

    for (String classes : loaded) {
      assertTrue(classes.contains("queue.core.store.FileStore "), "the class log works");
      assertFalse(classes.contains("org.postgresql"), "the driver is not loaded");
      assertFalse(classes.contains("queue.postgres"), "the store is not loaded");
    }
    String onPostgres =
        classesLoaded(
            Launchers.command("bin/queue", "--store", "postgresql://127.0.0.1:1/q", "status"));
    assertTrue(onPostgres.contains("org.postgresql.Driver "), "it would show: " + onPostgres);
  }

  private static String classesLoaded(ProcessBuilder builder) {
    return Launchers.run(withClassLog(builder)).out();
  }

  private static ProcessBuilder withClassLog(ProcessBuilder builder) {
    builder.environment().put("QUEUE_JAVA_OPTS", "-Xlog:class+load=info:stdout");
    return builder;
  }
}
