package queue.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A replier in a JVM of its own for {@link ThreadRepliesIT}: runs the command line's {@code reply
 * --json} COUNT times on STORE as REPLIER, answering QUESTION (every other time with {@code
 * --all}), as COUNT runs of bin/queue would (each opens the store, replies, closes it), and prints
 * each run's JSON on a line of its own. Exits with the first failed run's code, after printing its
 * error.
 *
 * <p>Arguments: STORE REPLIER COUNT QUESTION
 */
public final class ReplierMain {
  private ReplierMain() {}

  public static void main(String[] args) {
    String store = args[0];
    String replier = args[1];
    int count = Integer.parseInt(args[2]);
    String question = args[3];
    List<String[]> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> reply =
          new ArrayList<>(List.of("--store", store, "reply", "--json", "--from", replier));
      if (i % 2 == 1) {
        reply.add("--all");
      }
      reply.addAll(List.of(question, replier + " " + i));
      runs.add(reply.toArray(new String[0]));
    }
    SenderMain.runAll(runs);
  }
}
