package queue.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import queue.core.Ids;
import queue.core.api.ExportDocument;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Target;
import queue.core.testing.Percentiles;
import queue.postgres.testing.PostgresServer;

/**
 * The {@code queue thread} benchmark (issue 16): {@code bin/queue thread ID --json} on a thread of
 * 1,000 messages in a queue that holds 10,000 other live entries, against {@code bin/queue status
 * --json} on the same store, and both commands again on a store of one message (what each costs
 * whatever the queue holds: the start of bin/queue, its classes, opening the store), the four
 * taking turns run by run (so load drift hits all), on the file store and on a durable embedded
 * PostgreSQL. Reports each one's median wall time (a cold start of bin/queue included, as a user or
 * script pays it) and the ratio of the medians on the large store. Run it with {@code
 * bench/run-thread.sh}; arguments: work directory, launcher (bin/queue), runs.
 */
public final class ThreadBench {
  private static final int THREAD = 1_000;
  private static final int OTHER_MESSAGES = 1_000;
  private static final int RECIPIENTS = 10;

  private ThreadBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path launcher = Path.of(args[1]);
    int runs = Integer.parseInt(args[2]);
    Files.createDirectories(work);
    System.out.printf(
        Locale.ROOT,
        "# queue thread --json against queue status --json, %s: a thread of %d messages, %d other"
            + " live entries, %d runs of each, interleaved%n",
        Instant.now(),
        THREAD,
        OTHER_MESSAGES * RECIPIENTS,
        runs);
    try (PostgresServer server = PostgresServer.start(work.resolve("postgres"), true);
        FileBenchStore file = new FileBenchStore(work.resolve("file"));
        PostgresBenchStore postgres = new PostgresBenchStore(server)) {
      System.out.println(
          "| store | thread --json ms (median) | status --json ms (median) | ratio | thread, one"
              + " message | status, one message |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      for (BenchStore kind : List.<BenchStore>of(file, postgres)) {
        String large = kind.create();
        String thread = fill(large, THREAD, OTHER_MESSAGES);
        String small = kind.create();
        String alone = fill(small, 1, 0);
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
          time(millis, "thread", launcher, kind.option(large), "thread", thread, "--json");
          time(millis, "status", launcher, kind.option(large), "status", "--json");
          time(millis, "thread-one", launcher, kind.option(small), "thread", alone, "--json");
          time(millis, "status-one", launcher, kind.option(small), "status", "--json");
        }
        double threadMedian = median(millis.get("thread"));
        double statusMedian = median(millis.get("status"));
        System.out.printf(
            Locale.ROOT,
            "| %s | %.0f | %.0f | %.2fx | %.0f | %.0f |%n",
            kind.name(),
            threadMedian,
            statusMedian,
            threadMedian / statusMedian,
            median(millis.get("thread-one")),
            median(millis.get("status-one")));
      }
    }
  }

  private static double median(List<Double> millis) {
    return Percentiles.median(millis.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static void time(
      Map<String, List<Double>> millis,
      String name,
      Path launcher,
      List<String> option,
      String... command)
      throws Exception {
    List<String> argv = new ArrayList<>(List.of(launcher.toString()));
    argv.addAll(option);
    argv.addAll(List.of(command));
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(argv)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " exited " + process.exitValue());
    }
    millis.computeIfAbsent(name, n -> new ArrayList<>()).add((System.nanoTime() - started) / 1e6);
  }

  /**
   * Imports the queue into the empty store at {@code location}: a question to one agent and {@code
   * thread - 1} replies to it, each from one of 10 agents to the asker, half of them delivered;
   * then {@code others} messages to all 10 agents, pending. Returns the thread's id.
   */
  private static String fill(String location, int thread, int others) {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    List<Agent> agents = new ArrayList<>();
    agents.add(Agent.of("asker", Agent.PULL, Target.EMPTY, now));
    List<String> team = new ArrayList<>();
    for (int i = 1; i <= RECIPIENTS; i++) {
      team.add("r" + i);
      agents.add(Agent.of("r" + i, Agent.PULL, Target.EMPTY, now));
    }
    List<Message> messages = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    long key = Ids.nextKey(0, now);
    String question = Ids.format(key);
    String answered = question;
    for (int i = 0; i < thread; i++) {
      String sender = i == 0 ? "asker" : team.get(i % RECIPIENTS);
      String recipient = i == 0 ? "r1" : "asker";
      Message message =
          new Message(Ids.format(key++), sender, "reply " + i, now, null, List.of(recipient), null)
              .inThread(question, i == 0 ? null : answered);
      answered = message.id();
      messages.add(message);
      Entry entry = Entry.queued(Ids.format(key++), message, recipient, entries.size() + 1, now);
      entries.add(
          i % 2 == 0
              ? entry.toBuilder().state(EntryState.DELIVERED).attempts(1).deliveredAt(now).build()
              : entry);
    }
    for (int i = 0; i < others; i++) {
      Message message = new Message(Ids.format(key++), "ops", "other " + i, now, null, team, null);
      messages.add(message);
      for (String recipient : team) {
        entries.add(Entry.queued(Ids.format(key++), message, recipient, entries.size() + 1, now));
      }
    }
    try (QueueStore store = Stores.open(location, OpenOptions.defaults(Clock.systemUTC()))) {
      store
          .transfer()
          .importAll(
              new ExportDocument(
                  ExportDocument.VERSION,
                  "bench",
                  now,
                  key - 1,
                  agents,
                  messages,
                  entries,
                  Map.of(),
                  Map.of()));
    }
    return question;
  }
}
