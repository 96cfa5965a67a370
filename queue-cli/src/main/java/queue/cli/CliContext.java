package queue.cli;

import java.nio.file.Path;
import queue.cli.agents.AgentRequests;
import queue.core.Hosts;
import queue.core.agents.AgentNames;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.error.InvalidInputException;
import queue.core.inbox.Inbox;

/**
 * What every command of one run shares: the process environment, the global options and the store,
 * opened on first use so that --help and usage errors never touch it. A command that only reads
 * opens it read-only: a missing data directory is then refused, never created, and an existing one
 * is left as it is. Only the commands that make a queue ({@code agents add}, {@code import}) create
 * a missing data directory: any other command needs the agents or entries of one that exists, so on
 * a mistyped --dir it would be refused anyway, and a refused command leaves nothing behind.
 */
public final class CliContext implements AutoCloseable {
  /** The environment variable that names the agent a shell speaks for. */
  public static final String AGENT_VARIABLE = "QUEUE_AGENT";

  private final CliEnvironment environment;
  private final GlobalOptions global = new GlobalOptions();
  private QueueStore store;

  public CliContext(CliEnvironment environment) {
    this.environment = environment;
  }

  public CliEnvironment environment() {
    return environment;
  }

  public GlobalOptions global() {
    return global;
  }

  /** Where the store is, as chosen by --store, --dir, $QUEUE_STORE, $QUEUE_DIR or the default. */
  public String location() {
    return Stores.locate(global.store(), global.dir(), environment.variables());
  }

  /**
   * The store, for a command that changes an existing queue: a missing data directory is refused as
   * {@link #reader()} refuses it (exit 2, naming it), never created.
   */
  public QueueStore store() {
    return exists() ? open(true) : reader();
  }

  /** The store, for a command that makes a queue: a missing data directory is created (0700). */
  public QueueStore creatingStore() {
    return open(true);
  }

  /** False for a data directory that does not exist (a database store is taken to exist). */
  public boolean exists() {
    return environment.stores().exists(location());
  }

  /** The store, for a command that only reads: nothing is created or changed by opening it. */
  public QueueStore reader() {
    return open(false);
  }

  private QueueStore open(boolean write) {
    if (store == null) {
      OpenOptions options =
          OpenOptions.defaults(environment.clock())
              .withTimeouts(global.lockTimeout(), global.connectTimeout());
      store = environment.stores().open(location(), write ? options : options.readOnly());
    }
    return store;
  }

  /** The agent this run speaks for: {@code $QUEUE_AGENT}, or null when it is unset or empty. */
  public String agent() {
    String agent = environment.variables().get(AGENT_VARIABLE);
    return agent == null || agent.isBlank() ? null : agent;
  }

  /** Who sends: {@code --from}, else {@code $QUEUE_AGENT}, else the user's name, else "cli". */
  public String sender(String from) {
    if (from != null) {
      return from;
    }
    if (agent() != null) {
      return agent();
    }
    String user = environment.userName();
    return user == null || user.isBlank() ? "cli" : user;
  }

  /**
   * The agent a command is for ({@code inbox}, {@code receive}): NAME as given, else {@code
   * $QUEUE_AGENT}; with neither it is bad usage (exit 2), saying what to do.
   */
  public String agentName(String given, String command) {
    String name = given != null ? given : agent();
    if (name == null) {
      throw new InvalidInputException(
          "no agent: give 'queue "
              + command
              + " NAME', or set "
              + AGENT_VARIABLE
              + " to the agent this shell speaks for");
    }
    AgentNames.require(name);
    return name;
  }

  /** This host's name, as agents are registered on and receivers claim from. */
  public String host() {
    return Hosts.local(environment.variables());
  }

  /**
   * Where default inboxes are on this host: under a file store's data directory, or this host's
   * data directory for a store on a server (see {@link Inbox}).
   */
  public Path inboxRoot() {
    return Inbox.rootFor(location(), global.dir(), environment.variables());
  }

  /** Checks and builds agents as this host and working directory make them. */
  public AgentRequests agentRequests() {
    Path serverInboxes = Stores.isUrl(location()) ? inboxRoot() : null;
    return new AgentRequests(
        Path.of("").toAbsolutePath(), host(), serverInboxes, environment.variables().get("PATH"));
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
