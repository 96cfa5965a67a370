package queue.cli;

import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The real launchers on one PostgreSQL database, as run on one host: every run gets {@code --store
 * URL}, and {@code QUEUE_DIR} is this host's data directory (where default inboxes go).
 */
final class OnPostgres {
  private final String url;
  private final Path home;

  OnPostgres(String url, Path home) {
    this.url = url;
    this.home = home;
  }

  String url() {
    return url;
  }

  /** This host's data directory ({@code QUEUE_DIR}). */
  Path home() {
    return home;
  }

  /** {@code bin/queue --store URL ARGS}. */
  ProcessBuilder queue(String... args) {
    return withHome(Launchers.command("bin/queue", "--store", url), args);
  }

  /** {@code bin/queue ARGS} with {@code QUEUE_STORE=URL} instead of the option. */
  ProcessBuilder queueFromEnvironment(String... args) {
    ProcessBuilder builder = withHome(Launchers.command("bin/queue"), args);
    builder.environment().put("QUEUE_STORE", url);
    return builder;
  }

  Launchers.Run run(String... args) {
    return Launchers.run(queue(args));
  }

  JsonNode status() {
    Launchers.Run status = run("status", "--json");
    if (status.exit() != 0) {
      throw new AssertionError("queue status failed: " + status);
    }
    return status.json();
  }

  /** {@code bin/queue-processor --store URL ARGS}, its output in {@code log}. */
  Process processor(Path log, String... args) {
    return Launchers.startLogged(processorCommand(), log, args);
  }

  /** {@code bin/queue-processor --store URL}. */
  ProcessBuilder processorCommand() {
    return withHome(Launchers.command("bin/queue-processor", "--store", url), new String[0]);
  }

  private ProcessBuilder withHome(ProcessBuilder builder, String[] args) {
    builder.command().addAll(List.of(args));
    builder.environment().put("QUEUE_DIR", home.toString());
    builder.environment().remove("QUEUE_STORE");
    return builder;
  }
}
