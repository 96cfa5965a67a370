package queue.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The cost of one durable change of queue-core next to the raw fsync floor on the same disk, in one
 * run with the cases interleaved round by round, so drift in the machine's load hits all alike: a
 * send (one journal append) by a running writer and by a fresh store, a broadcast, and a checkpoint
 * (queue.json rewritten whole), at 100 to 100,000 live entries.
 *
 * <p>Args: DIR ROUNDS WARMUP_ROUNDS. Prints a Markdown table of medians, p90 and ratios to the
 * floor (append 200 B + fsync).
 */
public final class SaveBench {
  private static final int[] BACKLOGS = {100, 1_000, 10_000, 100_000};

  private SaveBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int rounds = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    try (Floor floor = new Floor(dir.resolve("floor"))) {
      List<Interleaved.Case> cases = new ArrayList<>();
      Map<Integer, Long> sizes = new LinkedHashMap<>();
      cases.add(new Interleaved.Case("floor: append 200 B + fsync", floor::appendAndFsync));
      cases.add(
          new Interleaved.Case(
              "bare commit: temp + fsync + rename + dir fsync", floor::bareCommit));
      for (int size : BACKLOGS) {
        Backlog backlog = Backlog.filled(size, dir.resolve("backlog-" + size));
        cases.add(new Interleaved.Case("send, " + size + " live", asIo(backlog::sendOne)));
        cases.add(
            new Interleaved.Case("broadcast x8, " + size + " live", asIo(backlog::broadcast)));
        cases.add(
            new Interleaved.Case(
                "send by a fresh process, " + size + " live", asIo(backlog::sendOneCold)));
        cases.add(
            new Interleaved.Case("encode only (no I/O), " + size + " live", asIo(backlog::encode)));
        cases.add(
            new Interleaved.Case("parse + validate only, " + size + " live", backlog::decode));
        cases.add(new Interleaved.Case("checkpoint, " + size + " live", asIo(backlog::checkpoint)));
        sizes.put(size, backlog.fileBytes());
      }
      Map<String, Samples> results = Interleaved.run(cases, rounds, warmup);
      print(results, rounds);
      sizes.forEach(
          (size, bytes) -> System.out.printf("queue.json at %d live: %d bytes%n", size, bytes));
    }
  }

  private static Interleaved.Sample asIo(LongSupplier sample) {
    return sample::getAsLong;
  }

  private static void print(Map<String, Samples> results, int rounds) {
    double floor = results.values().iterator().next().medianMillis();
    System.out.printf("%d interleaved rounds%n%n", rounds);
    Interleaved.printTable(results, floor);
    System.out.println();
    for (int size : BACKLOGS) {
      double send = results.get("send, " + size + " live").medianMillis();
      double broadcast = results.get("broadcast x8, " + size + " live").medianMillis();
      System.out.printf("broadcast / send at %d live: %.2fx%n", size, broadcast / send);
    }
  }
}
