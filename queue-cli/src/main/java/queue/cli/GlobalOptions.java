package queue.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;
import queue.core.api.OpenOptions;

/** Options every command takes, before or after the command name. */
public final class GlobalOptions {
  private final OptionSpec dir =
      inherited(
          Specs.text(
              "--dir",
              "DIR",
              "The data directory of a file store (default: $QUEUE_DIR, else ./message_queue)."));

  private final OptionSpec store =
      inherited(
          Specs.text(
              "--store",
              "STORE",
              "The store: a data directory, or a PostgreSQL URL such as postgresql://HOST/DB"
                  + " (default: $QUEUE_STORE, else the data directory)."));

  private final OptionSpec connectTimeout =
      inherited(
          Specs.duration(
                  "--connect-timeout",
                  "How long to wait for a database store's server before giving up with exit 6"
                      + " (default: 10s).")
              .initialValue(OpenOptions.DEFAULT_CONNECT_TIMEOUT)
              .build());

  private final OptionSpec lockTimeout =
      inherited(
          Specs.duration(
                  "--lock-timeout",
                  "How long to wait for the queue lock before giving up with exit 3 (default: 10s).")
              .initialValue(OpenOptions.DEFAULT_LOCK_TIMEOUT)
              .build());

  private final OptionSpec verbose =
      inherited(Specs.flag("--verbose", "Log details (and the cause of an error) to stderr."));

  /** Adds these options to the root command; its subcommands inherit them. */
  void addTo(CommandSpec root) {
    root.addOption(dir)
        .addOption(store)
        .addOption(connectTimeout)
        .addOption(lockTimeout)
        .addOption(verbose);
  }

  private static OptionSpec inherited(OptionSpec option) {
    return option.toBuilder().scopeType(ScopeType.INHERIT).build();
  }

  public String dir() {
    return dir.getValue();
  }

  public String store() {
    return store.getValue();
  }

  public Duration connectTimeout() {
    return connectTimeout.getValue();
  }

  public Duration lockTimeout() {
    return lockTimeout.getValue();
  }

  public boolean verbose() {
    return verbose.getValue();
  }
}
