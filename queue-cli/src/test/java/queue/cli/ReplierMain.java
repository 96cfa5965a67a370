package queue.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.Stores;

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
    CliEnvironment environment =
        new CliEnvironment(
            System.getenv(),
            new CliEnvironment.Stdio(InputStream.nullInputStream(), true, false),
            Clock.systemUTC(),
            replier,
            new TestProcess(),
            Stores::open);
    for (int i = 0; i < count; i++) {
      List<String> reply =
          new ArrayList<>(List.of("--store", store, "reply", "--json", "--from", replier));
      if (i % 2 == 1) {
        reply.add("--all");
      }
      reply.addAll(List.of(question, replier + " " + i));
      String[] run = reply.toArray(new String[0]);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          QueueMain.commandLine(environment, new PrintWriter(out), new PrintWriter(err), run)
              .execute(run);
      if (exit != 0) {
        System.err.println(replier + ": " + String.join(" ", run) + " exited " + exit + ": " + err);
        System.exit(exit);
      }
      System.out.println(out.toString().strip());
    }
    System.out.flush();
  }
}
