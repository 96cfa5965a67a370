package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.it.LockHolderMain;
import tools.jackson.databind.JsonNode;

/** The real launchers as separate processes: bin/queue and bin/queue-processor. */
class CliEndToEndIT {
  @TempDir Path tmp;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process process : started) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private Path dir() {
    return tmp.resolve("message_queue");
  }

  private void startProcessor() {
    started.add(Launchers.processor(dir(), tmp.resolve("processor.log")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Launchers.run(dir(), "status", "--json")
                    .json()
                    .get("processor")
                    .get("running")
                    .asBoolean());
  }

  private void addAgents(int count) {
    for (int i = 1; i <= count; i++) {
      Launchers.Run added = Launchers.run(dir(), "agents", "add", "agent" + i);
      assertEquals(0, added.exit(), added.toString());
    }
  }

  @Test
  void broadcastToEightInboxAgentsIsDeliveredToAllEight() throws Exception {
    addAgents(8);
    startProcessor();

    Launchers.Run sent =
        Launchers.run(dir(), "send", "--broadcast", "--wait", "--timeout", "30s", "--json", "hi");

    assertEquals(0, sent.exit(), sent.toString());
    assertEquals("", sent.err(), "a processor runs: no warning");
    JsonNode json = sent.json();
    assertEquals(8, json.get("queued").asInt());
    assertEquals(8, json.get("delivered").asInt());
    assertEquals(0, json.get("failed").asInt());
    assertEquals(0, json.get("pending").asInt());
    for (JsonNode outcome : json.get("outcomes")) {
      assertEquals("DELIVERED", outcome.get("state").asString());
    }
    for (int i = 1; i <= 8; i++) {
      assertEquals(1, inboxFiles("agent" + i).size(), "agent" + i);
    }
  }

  @Test
  void eightConcurrentSendsAreEachDeliveredOnce() throws Exception {
    addAgents(2);
    startProcessor();

    List<Launchers.Started> sends = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sends.add(Launchers.start(Launchers.queue(dir(), "send", "--broadcast", "--json", "m" + i)));
    }
    Set<String> ids = new HashSet<>();
    for (Launchers.Started send : sends) {
      Launchers.Run run = send.finish();
      assertEquals(0, run.exit(), run.toString());
      ids.add(run.json().get("messageId").asString());
    }
    assertEquals(8, ids.size());

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Launchers.run(dir(), "status", "--json")
                        .json()
                        .get("totals")
                        .get("delivered")
                        .asInt()
                    == 16);
    for (String agent : List.of("agent1", "agent2")) {
      List<Path> files = inboxFiles(agent);
      assertEquals(8, files.size(), agent);
      Set<String> bodies = new HashSet<>();
      for (Path file : files) {
        bodies.add(Json.mapper().readTree(Files.readString(file)).get("body").asString());
      }
      assertEquals(8, bodies.size(), "each message once: " + bodies);
    }
    JsonNode totals = Launchers.run(dir(), "status", "--json").json().get("totals");
    assertEquals(0, totals.get("pending").asInt() + totals.get("processing").asInt());
  }

  @Test
  void statusAnswersWhileAnotherProcessHoldsTheLock() throws Exception {
    addAgents(1);
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
                "-Dslf4j.internal.verbosity=WARN",
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderMain.class.getName(),
                dir().toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    started.add(holder);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("locked", out.readLine());

    Launchers.Run status = Launchers.run(dir(), "status", "--json");
    assertEquals(0, status.exit(), status.toString());
    assertEquals("agent1", status.json().get("agents").get(0).get("name").asString());

    Launchers.Run busy =
        Launchers.run(dir(), "--lock-timeout", "300ms", "send", "--to", "agent1", "x");
    assertEquals(3, busy.exit(), busy.toString());
    assertTrue(busy.err().contains("pid " + holder.pid()), busy.err());

    holder.getOutputStream().close();
    assertTrue(holder.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, Launchers.run(dir(), "send", "--to", "agent1", "x").exit());
  }

  @Test
  void launcherWorksThroughASymlinkFromAnotherDirectory() throws Exception {
    Path link = tmp.resolve("queue-link");
    Files.createSymbolicLink(link, Launchers.ROOT.resolve("bin/queue"));
    Launchers.Run version =
        Launchers.start(new ProcessBuilder(link.toString(), "--version").directory(tmp.toFile()))
            .finish();
    assertEquals(0, version.exit(), version.toString());
    assertTrue(version.out().startsWith("queue "), version.out());
  }

  @Test
  void launcherWithoutItsJarSaysHowToBuildAndExitsTwo() throws Exception {
    Path copy = tmp.resolve("checkout/bin/queue");
    Files.createDirectories(copy.getParent());
    Files.copy(Launchers.ROOT.resolve("bin/queue"), copy);
    Launchers.Run run = Launchers.start(new ProcessBuilder(copy.toString(), "status")).finish();
    assertEquals(2, run.exit(), run.toString());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("mvn -B -q package -DskipTests"), run.err());
  }

  private List<Path> inboxFiles(String agent) throws Exception {
    Path inbox = dir().resolve("inbox").resolve(agent).resolve("new");
    if (!Files.isDirectory(inbox)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(inbox)) {
      return files.filter(f -> f.toString().endsWith(".json")).toList();
    }
  }
}
