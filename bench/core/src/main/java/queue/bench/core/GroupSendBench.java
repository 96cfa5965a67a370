package queue.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A send to a group of 8 agents ({@code --to @team}) against a broadcast to the same 8 on the file
 * store, with the raw fsync floor beside them: the same message and entries, the group resolved in
 * the send's transaction. One sample of every case per round, interleaved, so a change in the
 * machine's load hits all alike.
 *
 * <p>Args: DIR ROUNDS WARMUP_ROUNDS. Prints, per backlog, a Markdown table of medians and the ratio
 * of the group send to the broadcast.
 */
public final class GroupSendBench {
  private static final int[] BACKLOGS = {100, 10_000};
  private static final String FLOOR = "floor: append 200 B + fsync";
  private static final String BROADCAST = "broadcast x8";
  private static final String GROUP = "send to @team (8 members)";

  private GroupSendBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int rounds = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    System.out.printf(
        "## file store: @team against broadcast (%d rounds after %d warm-up, interleaved)%n",
        rounds, warmup);
    try (Floor floor = new Floor(dir.resolve("floor"))) {
      // One run per backlog, so a save of the large one never sits before a sample of the small.
      for (int size : BACKLOGS) {
        Backlog backlog = Backlog.filled(size, dir.resolve("backlog-" + size));
        List<Interleaved.Case> cases =
            List.of(
                new Interleaved.Case(FLOOR, floor::appendAndFsync),
                new Interleaved.Case(BROADCAST, backlog::broadcast),
                new Interleaved.Case(GROUP, backlog::groupSend));
        print(size, Interleaved.run(cases, rounds, warmup));
      }
    }
  }

  private static void print(int size, Map<String, Samples> results) {
    double floor = results.get(FLOOR).medianMillis();
    System.out.printf("%n### %,d live entries%n%n", size);
    Interleaved.printTable(results, floor);
    Samples group = results.get(GROUP);
    Samples broadcast = results.get(BROADCAST);
    System.out.printf(
        "%n@team / broadcast at %d live: %.3fx of the medians, %.3fx the median of the rounds'"
            + " ratios (target <= 1.1x)%n",
        size, group.medianMillis() / broadcast.medianMillis(), group.pairedRatio(broadcast));
  }
}
