package queue.cli;

import java.util.concurrent.locks.LockSupport;

/**
 * A sender in a JVM of its own for {@link PostgresCrashRetryIT}: sends COUNT messages with the
 * command line's {@code send --json --idempotency-key SENDER-I}, each run opening the store as a
 * run of bin/queue does, and runs a send again with the same key, body and recipients for as long
 * as it exits 6 (the store unreachable), as a careful script does. Prints each final answer on a
 * line of its own and each exit 6 on stderr; exits with any other code at once, after printing its
 * error.
 *
 * <p>Arguments: STORE SENDER COUNT RECIPIENT,...
 */
public final class RetryingSenderMain {
  private static final long RETRY_PAUSE_NANOS = 200_000_000;

  private RetryingSenderMain() {}

  public static void main(String[] args) {
    String store = args[0];
    String sender = args[1];
    int count = Integer.parseInt(args[2]);
    String recipients = args[3];
    Cli cli = Cli.asGiven();
    for (int i = 0; i < count; i++) {
      String key = sender + "-" + i;
      while (true) {
        Cli.Result sent =
            cli.runRaw(
                "--store",
                store,
                "--connect-timeout",
                "2s",
                "send",
                "--json",
                "--from",
                sender,
                "--idempotency-key",
                key,
                "--to",
                recipients,
                sender + " message " + i);
        if (sent.exit() == 0) {
          System.out.println(sent.out().strip());
          break;
        }
        System.err.println(key + " exited " + sent.exit() + ": " + sent.err().strip());
        if (sent.exit() != 6) {
          System.exit(sent.exit());
        }
        // A script's pause before it tries again; the server is away.
        LockSupport.parkNanos(RETRY_PAUSE_NANOS);
      }
    }
    System.out.flush();
  }
}
