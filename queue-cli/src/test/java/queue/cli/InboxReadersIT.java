package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import tools.jackson.core.JacksonException;

/**
 * Several {@code queue inbox --ack} readers of one inbox, each a separate JVM through bin/queue: no
 * two print the same message, and a reader killed (kill -9) at any point loses none.
 */
class InboxReadersIT {
  @TempDir Path tmp;
  private Path dir;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void anInboxAgent() {
    dir = tmp.resolve("message_queue");
    assertEquals(0, Launchers.run(dir, "agents", "add", "alice").exit());
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process process : started) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void concurrentReadersNeverPrintTheSameMessage() throws Exception {
    List<Launchers.Started> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Launchers.Started reader =
          Launchers.start(
              Launchers.interruptible(
                  Launchers.queue(dir, "inbox", "alice", "--ack", "--follow", "--json")));
      started.add(reader.process());
      readers.add(reader);
    }

    Set<String> sent = sendAndDeliver(1500);
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> names("cur").size() == sent.size() && names("new").isEmpty());
    for (Launchers.Started reader : readers) {
      Launchers.interrupt(reader.process());
    }

    Map<String, Integer> printed = new HashMap<>();
    for (Launchers.Started reader : readers) {
      Launchers.Run run = reader.finish();
      assertEquals(130, run.exit(), run.toString());
      idsPrinted(run.out()).forEach(id -> printed.merge(id, 1, Integer::sum));
    }
    assertEquals(sent, new TreeSet<>(printed.keySet()), "every message printed");
    printed.forEach((id, times) -> assertEquals(1, times, id + " printed " + times + " times"));
  }

  @Test
  void readersKilledAtRandomPointsLoseNothing() throws Exception {
    Set<String> sent = sendAndDeliver(800);
    Random random = new Random(19);
    int kills = 8;

    List<String> printed = new ArrayList<>();
    for (int i = 0; i < kills; i++) {
      Launchers.Started reader =
          Launchers.start(Launchers.queue(dir, "inbox", "alice", "--ack", "--json"));
      started.add(reader.process());
      // The kill lands wherever the reader is by then: starting, taking, printing, moving.
      if (!reader.process().waitFor(300 + random.nextInt(1500), TimeUnit.MILLISECONDS)) {
        reader.process().destroyForcibly().waitFor();
      }
      printed.addAll(idsPrinted(Launchers.read(reader.out())));
    }
    Launchers.Run last = Launchers.run(dir, "inbox", "alice", "--ack", "--json");
    assertEquals(0, last.exit(), last.toString());
    printed.addAll(idsPrinted(last.out()));

    assertEquals(sent, new TreeSet<>(printed), "every message printed at least once");
    assertTrue(
        printed.size() - sent.size() <= kills,
        "a kill repeats at most the one message in flight: " + (printed.size() - sent.size()));
    assertEquals(List.of(), names("new"), "nothing left taken or unread");
    assertEquals(sent.size(), names("cur").size());
  }

  /**
   * Sends {@code count} messages to alice and delivers them into her inbox; their entry ids, from
   * the store: readers may be taking and moving the files meanwhile.
   */
  private Set<String> sendAndDeliver(int count) throws IOException {
    Cli cli = Cli.onFiles(dir);
    Set<String> ids = new TreeSet<>();
    try (QueueStore store = cli.store()) {
      for (int i = 0; i < count; i++) {
        store.sends().send(SendRequest.to(List.of("alice"), "ci", "message " + i));
      }
      assertEquals(count, InboxWriter.deliverAll(store, dir));
      store.reports().list(null, null, 0).forEach(view -> ids.add(view.entry().id()));
    }
    assertEquals(count, ids.size());
    return ids;
  }

  // A killed reader may leave its last line cut short: that message was not marked read.
  private static List<String> idsPrinted(String out) {
    List<String> ids = new ArrayList<>();
    for (String line : out.lines().toList()) {
      try {
        ids.add(Json.mapper().readTree(line).get("id").asString());
      } catch (JacksonException e) {
        // The cut line of a killed reader.
      }
    }
    return ids;
  }

  private List<String> names(String part) throws IOException {
    Path directory = dir.resolve("inbox/alice").resolve(part);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
