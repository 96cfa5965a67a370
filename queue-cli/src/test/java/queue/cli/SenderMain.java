package queue.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A sender in a JVM of its own for {@link PostgresSendersIT}: runs the command line's {@code send
 * --json} COUNT times on STORE, as COUNT runs of bin/queue would (each opens the store, sends,
 * closes it), to one, two or all of the RECIPIENTS at random, and prints each run's JSON on a line
 * of its own. Exits with the first failed run's code, after printing its error.
 *
 * <p>Arguments: STORE SENDER COUNT SEED RECIPIENT,...
 */
public final class SenderMain {
  private SenderMain() {}

  public static void main(String[] args) {
    String store = args[0];
    String sender = args[1];
    int count = Integer.parseInt(args[2]);
    Random random = new Random(Long.parseLong(args[3]));
    List<String> recipients = List.of(args[4].split(","));
    List<String[]> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> send = new ArrayList<>(List.of("--store", store, "send", "--json"));
      send.addAll(List.of("--from", sender));
      send.addAll(addressing(random, recipients));
      send.add(sender + " message " + i);
      runs.add(send.toArray(new String[0]));
    }
    runAll(runs);
  }

  /**
   * Runs each command line in this JVM, one after another, as runs of bin/queue would (each opens
   * the store its arguments name, does its work, closes it), and prints each one's stdout on a line
   * of its own; exits with the first failed run's code, after printing its error.
   */
  static void runAll(List<String[]> runs) {
    Cli cli = Cli.asGiven();
    for (String[] run : runs) {
      Cli.Result result = cli.runRaw(run);
      if (result.exit() != 0) {
        System.err.println(
            String.join(" ", run) + " exited " + result.exit() + ": " + result.err());
        System.exit(result.exit());
      }
      System.out.println(result.out().strip());
    }
    System.out.flush();
  }

  private static List<String> addressing(Random random, List<String> recipients) {
    int first = random.nextInt(recipients.size());
    return switch (random.nextInt(3)) {
      case 0 -> List.of("--broadcast");
      case 1 -> List.of("--to", recipients.get(first));
      default ->
          List.of(
              "--to",
              recipients.get(first) + "," + recipients.get((first + 1) % recipients.size()));
    };
  }
}
