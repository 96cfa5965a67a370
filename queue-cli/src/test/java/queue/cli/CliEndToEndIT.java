package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    Launchers.stopAll(started);
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
  void broadcastToEightInboxAgentsIsDeliveredToAllEightAndReadWithInbox() throws Exception {
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
      assertEquals(1, inboxFiles("agent" + i, "new").size(), "agent" + i);
    }
    Launchers.Run read = Launchers.run(dir(), "inbox", "agent3", "--ack", "--json");
    assertEquals(0, read.exit(), read.toString());
    assertEquals("hi", read.json().get("body").asString());
    assertEquals(List.of(), inboxFiles("agent3", "new"));
    assertEquals(1, inboxFiles("agent3", "cur").size());
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
      List<Path> files = inboxFiles(agent, "new");
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
  void verboseLogsTheCauseOfAnError() throws Exception {
    addAgents(1);
    // Cut off mid-object: the parser's own error is the cause.
    Files.writeString(dir().resolve("queue.json"), "{\"version\": 1, \"nextSeq\": 1,");
    Launchers.Run run = Launchers.run(dir(), "--verbose", "status");
    assertEquals(4, run.exit(), run.toString());
    assertTrue(run.err().startsWith("queue status: "), run.err());
    assertTrue(run.err().contains("DEBUG"), "the log is on: " + run.err());
    assertTrue(run.err().contains("CorruptStateException"), "the error is logged: " + run.err());
    assertTrue(run.err().contains("Caused by: tools.jackson"), "with its cause: " + run.err());
    assertFalse(run.err().contains("Joran"), "logback.xml loads cleanly: " + run.err());
  }

  @Test
  void ctrlCDuringSendWaitClearsTheProgressLineAndSaysTheMessageStaysQueued() {
    addAgents(1);
    ProcessBuilder send =
        Launchers.interruptible(
            Launchers.queue(dir(), "send", "--to", "agent1", "--wait", "--timeout", "5m", "hello"));
    send.environment().put("QUEUE_JAVA_OPTS", "-Dqueue.stdout.tty=true");
    Launchers.Started waiting = Launchers.start(send);
    started.add(waiting.process());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Launchers.read(waiting.out()).contains("waiting: delivered 0/1"));

    Launchers.interrupt(waiting.process());
    Launchers.Run run = waiting.finish();

    assertEquals(130, run.exit(), run.toString());
    String out = run.out();
    assertTrue(out.endsWith("\r"), "the progress line is cleared: " + out.replace("\r", "\\r"));
    assertTrue(run.err().contains("interrupted; the message stays queued"), run.err());
    assertEquals(
        1, Launchers.run(dir(), "status", "--json").json().get("totals").get("pending").asInt());
  }

  @Test
  void argumentsPathsAndOutputAreUtf8WhateverTheLocale() {
    Path dir = tmp.resolve("dïr ✓");
    String body = "héllo ✓ 日本";
    for (String lang : new String[] {null, "C", "POSIX"}) {
      ProcessBuilder add =
          Launchers.queue(dir, "agents", "add", "a-" + lang, "--exec", "/bin/echo", body);
      ProcessBuilder send =
          Launchers.queue(dir, "send", "--to", "a-" + lang, "--from", "zoë", body);
      for (ProcessBuilder builder : List.of(add, send)) {
        builder.environment().clear();
        if (lang != null) {
          builder.environment().put("LANG", lang);
        }
        Launchers.Run run = Launchers.start(builder).finish();
        assertEquals(0, run.exit(), lang + ": " + run);
      }
    }
    ProcessBuilder list = Launchers.queue(dir, "list", "--json");
    list.environment().clear();
    JsonNode entries = Launchers.start(list).finish().json().get("entries");
    assertEquals(3, entries.size());
    for (JsonNode entry : entries) {
      assertEquals(body, entry.get("body").asString());
      assertEquals("zoë", entry.get("sender").asString());
    }
    ProcessBuilder table = Launchers.queue(dir, "agents", "list");
    table.environment().clear();
    table.environment().put("LANG", "C");
    assertTrue(Launchers.start(table).finish().out().contains("/bin/echo '" + body + "'"));
  }

  @Test
  void aReceiverWhoseStdoutBreaksLeavesTheMessageDueAgainAfterItsLease() throws Exception {
    Launchers.run(dir(), "agents", "add", "worker", "--pull");
    Launchers.run(dir(), "send", "--to", "worker", "once more");
    Process receiver =
        Launchers.queue(dir(), "receive", "worker", "--lease", "1s")
            .redirectError(tmp.resolve("receive.err").toFile())
            .start();
    receiver.getInputStream().close();
    assertTrue(receiver.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, receiver.exitValue(), Launchers.read(tmp.resolve("receive.err")));
    JsonNode totals = Launchers.run(dir(), "status", "--json").json().get("totals");
    assertEquals(1, totals.get("processing").asInt(), "left to its lease");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !Launchers.run(dir(), "receive", "worker", "--json").out().isEmpty());
    assertEquals(
        1, Launchers.run(dir(), "status", "--json").json().get("totals").get("delivered").asInt());
  }

  @Test
  void aReceiverKilledAfterItsClaimAndBeforeItsPrintLeavesTheMessageDueAgainInOrder()
      throws Exception {
    Launchers.run(dir(), "agents", "add", "worker", "--pull");
    // Larger than a pipe holds: the receiver's print blocks, the claim already made, until the
    // kill.
    Path body = tmp.resolve("large-body.txt");
    Files.writeString(body, "x".repeat(300_000));
    Launchers.Run first =
        Launchers.start(
                Launchers.queue(dir(), "send", "--to", "worker", "-").redirectInput(body.toFile()))
            .finish();
    assertEquals(0, first.exit(), first.toString());
    Launchers.run(dir(), "send", "--to", "worker", "small");
    Process receiver =
        Launchers.queue(dir(), "receive", "worker", "--json", "--lease", "1s")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    started.add(receiver);
    // Without --limit it takes every due message: both are claimed before the first print.
    await().atMost(Duration.ofSeconds(60)).until(() -> status().get("processing").asInt() == 2);

    receiver.destroyForcibly();
    assertTrue(receiver.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, receiver.exitValue(), "killed with SIGKILL");
    assertEquals(0, status().get("delivered").asInt(), "nothing was printed, nothing delivered");

    Launchers.Run again =
        Launchers.run(dir(), "receive", "worker", "--json", "--wait", "60s", "--limit", "2");
    assertEquals(0, again.exit(), again.err());
    List<String> bodies =
        again.out().lines().map(l -> Json.mapper().readTree(l).get("body").asString()).toList();
    assertEquals(List.of("x".repeat(300_000), "small"), bodies, "due again, in order");
    assertEquals(2, status().get("delivered").asInt());
  }

  private JsonNode status() {
    return Launchers.run(dir(), "status", "--json").json().get("totals");
  }

  @Test
  void receiveFollowSeesEveryMessageOnceInOrderWhileOtherProcessesSend() throws Exception {
    Launchers.run(dir(), "agents", "add", "worker", "--pull");
    Process follower =
        Launchers.interruptible(Launchers.queue(dir(), "receive", "worker", "--follow", "--json"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    started.add(follower);
    BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add("m" + i);
      assertEquals(0, Launchers.run(dir(), "send", "--to", "worker", "m" + i).exit());
    }
    List<String> received = new ArrayList<>();
    while (received.size() < sent.size()) {
      received.add(Json.mapper().readTree(lines.readLine()).get("body").asString());
    }
    assertEquals(sent, received);
    Launchers.interrupt(follower);
    assertTrue(follower.waitFor(30, TimeUnit.SECONDS));
    assertEquals(130, follower.exitValue());
  }

  @Test
  void quickstartPrintsNoStrayEscapeCodes() throws Exception {
    Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
    Path mvn = fakeBin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\nprintf '\\033[0m\\033[0m'\nprintf '\\033[0m' >&2\n");
    assertTrue(mvn.toFile().setExecutable(true));
    ProcessBuilder quickstart =
        new ProcessBuilder(Launchers.ROOT.resolve("bin/quickstart").toString())
            .redirectErrorStream(true);
    quickstart.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
    quickstart.environment().put("QUEUE_DIR", tmp.resolve("quick").toString());
    Launchers.Run run = Launchers.start(quickstart).finish();
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("delivered 3/3"), run.out());
    assertFalse(run.out().contains("\u001b"), "no escape codes: " + run.out());
  }

  @Test
  void launcherWorksThroughASymlinkFromAnotherDirectory() throws Exception {
    Path link = tmp.resolve("queue-link");
    Files.createSymbolicLink(link, Launchers.ROOT.resolve("bin/queue"));
    Launchers.Run version;
    try {
      version =
          Launchers.start(new ProcessBuilder(link.toString(), "--version").directory(tmp.toFile()))
              .finish();
    } finally {
      // JUnit warns about a link out of its temp directory left for it to delete.
      Files.delete(link);
    }
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

  @Test
  void launcherHonoursJavaHomeAndAddsQueueJavaOptsAfterItsDefaults() throws Exception {
    Path fakeJdk = Files.createDirectories(tmp.resolve("jdk/bin"));
    Path java = fakeJdk.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"fake java: $*\"\n");
    assertTrue(java.toFile().setExecutable(true));
    ProcessBuilder builder = Launchers.queue(dir(), "status");
    builder.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
    builder.environment().put("QUEUE_JAVA_OPTS", "-Xmx64m -Dqueue.stdout.tty=true");
    Launchers.Run run = Launchers.start(builder).finish();
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().startsWith("fake java: "), run.out());
    String args = run.out();
    assertTrue(args.contains("-XX:TieredStopAtLevel=1"), "the defaults stay: " + args);
    assertTrue(
        args.indexOf("-Dqueue.stdout.tty=false") < args.indexOf("-Dqueue.stdout.tty=true"),
        "QUEUE_JAVA_OPTS comes after the defaults, so it wins: " + args);
    assertTrue(args.contains("-Dfile.encoding=UTF-8"), args);
  }

  private List<Path> inboxFiles(String agent, String part) throws Exception {
    Path inbox = dir().resolve("inbox").resolve(agent).resolve(part);
    if (!Files.isDirectory(inbox)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(inbox)) {
      return files.filter(f -> f.toString().endsWith(".json")).toList();
    }
  }
}
