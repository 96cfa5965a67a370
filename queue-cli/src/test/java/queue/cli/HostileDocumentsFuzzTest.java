package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.error.QueueException;
import queue.core.files.DefaultFileOps;
import queue.core.inbox.Inbox;
import queue.processor.DeliveryRules;
import queue.processor.Processor;
import queue.processor.ProcessorConfig;
import queue.processor.Scheduling;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;
import queue.processor.deliver.DeliveryListener;
import queue.processor.deliver.InboxDelivery;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded mutations of valid documents the queue reads from outside (import documents, {@code
 * queue.json}, {@code agents.json}), run through the command line in this JVM and a processor that
 * delivers to inboxes: each is refused (exit 2 for an import, 4 for a state) or accepted whole
 * (every command then reads it, its export imports again, a processor delivers from it); nothing is
 * ever written outside the data directory, and nothing is an "unexpected error". Each run takes a
 * new seed, so the builds explore ever more documents while each stays a few seconds; a failure
 * names its seed: {@code -Dqueue.fuzz.seed=S} makes the same documents again, {@code
 * -Dqueue.fuzz.count=N} sets how many of each kind (default 100; 1,500 of each pass).
 */
class HostileDocumentsFuzzTest {
  private static final long SEED = Long.getLong("queue.fuzz.seed", System.nanoTime());
  private static final int COUNT = Integer.getInteger("queue.fuzz.count", 100);
  private static final Set<Integer> READ_EXITS = Set.of(0, 2, 4);

  @TempDir Path tmp;
  private Path escape;
  private Path base;
  private final List<String> failures = new ArrayList<>();
  private int accepted;
  private List<String> workingDirectory;

  @BeforeEach
  void aQueueWithSomethingOfEverything() throws IOException {
    workingDirectory = topLevel();
    escape = tmp.resolve("escape");
    base = tmp.resolve("base");
    Cli cli = Cli.onFiles(base);
    String bobsInbox = tmp.resolve("inboxes/bob").toString();
    for (String[] args :
        List.of(
            new String[] {"agents", "add", "alice", "--group", "team"},
            new String[] {"agents", "add", "bob", "--inbox", bobsInbox, "--group", "team"},
            new String[] {
              "agents",
              "add",
              "hook",
              "--url",
              "http://127.0.0.1:9/in",
              "--header",
              "X-Team: blue",
              "--timeout",
              "5s",
              "--max-attempts",
              "3"
            },
            new String[] {"agents", "add", "runner", "--exec", "/bin/true"},
            new String[] {"agents", "add", "puller", "--pull"},
            new String[] {"send", "--broadcast", "--idempotency-key", "k1", "hello"},
            new String[] {"send", "--to", "alice", "--ttl", "1h", "with a ttl"},
            new String[] {"send", "--to", "bob", "--delay", "1h", "later"},
            new String[] {"send", "--to", "@team", "--from", "ci", "to the team"})) {
      Cli.Result run = cli.run(args);
      assertEquals(0, run.exit(), run.toString());
    }
    try (QueueStore store = cli.store()) {
      var claimed =
          store.leases().claim(ClaimRequest.processor("p", "h", Duration.ofMinutes(1), 16, 1));
      List<Completion> done = new ArrayList<>();
      for (int i = 0; i < claimed.size() - 1; i++) {
        var claim = claimed.get(i).get(0);
        done.add(
            new Completion(
                claim.lease(),
                i % 2 == 0 ? new Outcome.Delivered() : new Outcome.Failed("HTTP 404")));
      }
      store.leases().settle(done);
    }
  }

  @Test
  void importDocumentsAreRefusedOrImportedWhole() throws IOException {
    ObjectNode valid = (ObjectNode) Cli.onFiles(base).run("export").json();
    JsonMutations mutations = new JsonMutations(SEED, escape);

    for (int i = 0; i < COUNT; i++) {
      ObjectNode document = valid.deepCopy();
      String mutation = mutations.mutate(document);
      Path file = Files.writeString(tmp.resolve("document.json"), document.toString());
      Path target = tmp.resolve("import-" + i);

      Cli.Result imported = Cli.onFiles(target).run("import", file.toString());

      check("import " + i + " (" + mutation + ")", imported, Set.of(0, 2));
      if (imported.exit() == 0) {
        accepted++;
        checkAcceptedWhole("import " + i + " (" + mutation + ")", target);
      }
      checkNothingEscaped("import " + i + " (" + mutation + ")");
      deleteTree(target);
    }
    report("import documents");
    assertEquals(List.of(), failures, failuresWithTheSeed());
  }

  @Test
  void stateFilesAreRefusedOrReadWhole() throws IOException {
    Random pick = new Random(SEED);
    JsonMutations mutations = new JsonMutations(SEED + 1, escape);

    for (int i = 0; i < COUNT; i++) {
      String file = pick.nextInt(3) == 0 ? "agents.json" : "queue.json";
      Path dir = tmp.resolve("state-" + i);
      copyTree(base, dir);
      ObjectNode state = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(dir.resolve(file)));
      String mutation = mutations.mutate(state);
      Files.writeString(dir.resolve(file), state.toString());

      String what = file + " " + i + " (" + mutation + ")";
      Cli.Result status = Cli.onFiles(dir).run("status", "--json");
      check(what + ": status", status, READ_EXITS);
      check(what + ": doctor", Cli.onFiles(dir).run("doctor"), Set.of(0, 1));
      if (status.exit() == 0) {
        accepted++;
        checkAcceptedWhole(what, dir);
      } else {
        check(what + ": send", Cli.onFiles(dir).run("send", "--to", "alice", "x"), READ_EXITS);
      }
      checkNothingEscaped(what);
      deleteTree(dir);
    }
    report("state files");
    assertEquals(List.of(), failures, failuresWithTheSeed());
  }

  private void report(String kind) throws IOException {
    assertEquals(workingDirectory, topLevel(), "nothing written where the test runs");
    System.out.printf(
        "HostileDocumentsFuzzTest: %d mutated %s (seed %d): %d accepted whole, %d refused,"
            + " %d failures%n",
        COUNT, kind, SEED, accepted, COUNT - accepted, failures.size());
  }

  private String failuresWithTheSeed() {
    return failures.size() + " failures with seed " + SEED + " (-Dqueue.fuzz.seed=" + SEED + ")";
  }

  /** A store that took a document reads it with every command, exports it, delivers from it. */
  private void checkAcceptedWhole(String what, Path dir) throws IOException {
    Cli cli = Cli.onFiles(dir);
    for (String[] args :
        List.of(
            new String[] {"status", "--json"},
            new String[] {"list", "--json"},
            new String[] {"agents", "list", "--json"},
            new String[] {"agents", "list"},
            new String[] {"list"})) {
      check(what + ": " + String.join(" ", args), cli.run(args), Set.of(0));
    }
    Cli.Result export = cli.run("export");
    // The one state a store keeps and an import refuses: an entry whose agent was removed behind
    // the queue's back (a hand edit, a generation restored), which a processor fails. Its export
    // is refused, saying so; any other export imports again.
    if (export.exit() != 4 || !export.err().contains("who is not a registered agent")) {
      check(what + ": export", export, Set.of(0));
    }
    if (export.exit() == 0) {
      Path again = Files.writeString(tmp.resolve("again.json"), export.out());
      Path other = tmp.resolve("again");
      check(
          what + ": import of its export",
          Cli.onFiles(other).run("import", again.toString()),
          Set.of(0));
      deleteTree(other);
    }
    deliverOnce(what, dir);
    check(what + ": send", cli.run("send", "--to", "alice", "x"), Set.of(0, 2));
  }

  // Inboxes only: a mutated exec or http target is never run or called.
  private void deliverOnce(String what, Path dir) {
    try (QueueStore store =
        Stores.open(dir.toString(), queue.core.api.OpenOptions.defaults(Clock.systemUTC()))) {
      Clock clock = Clock.systemUTC();
      DeliveryRules rules =
          new DeliveryRules(
              new Deliveries(Map.of(Inbox.TRANSPORT, new InboxDelivery(dir, new DefaultFileOps()))),
              Duration.ofSeconds(5),
              new RetryPolicy(clock, new Random(SEED), 3),
              DeliveryListener.NONE);
      new Processor(store, ProcessorConfig.defaults("fuzz", "h"), rules, Scheduling.threads(clock))
          .runOnce();
    } catch (QueueException e) {
      // A state refused (exit 4) or a store busy: a processor says so and stops.
    } catch (RuntimeException e) {
      failures.add(what + ": the processor failed with " + e);
    }
  }

  private void check(String what, Cli.Result run, Set<Integer> allowed) {
    if (!allowed.contains(run.exit()) || run.err().contains("unexpected error")) {
      failures.add(what + ": exit " + run.exit() + ": " + firstLine(run.err()));
    }
  }

  private void checkNothingEscaped(String what) throws IOException {
    if (Files.exists(escape)) {
      failures.add(what + ": wrote " + listing(escape));
      deleteTree(escape);
    }
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }

  private static String listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.toList().toString();
    }
  }

  // The names at the top of the directory the tests run in (a relative path starts there).
  private static List<String> topLevel() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("").toAbsolutePath())) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path copy = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else if (Files.isRegularFile(file)) {
          Files.copy(file, copy);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Test
  void theSeedMakesTheSameMutations() {
    ObjectNode document = Json.mapper().createObjectNode().put("id", "0e5a1hsb").put("n", 1);
    ObjectNode copy = document.deepCopy();

    String first = new JsonMutations(SEED, escape).mutate(document);
    String second = new JsonMutations(SEED, escape).mutate(copy);

    assertEquals(first, second);
    assertEquals(document, copy);
    assertFalse(first.isEmpty());
  }
}
