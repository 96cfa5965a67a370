package queue.core.inbox;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import queue.core.Quoted;
import queue.core.api.Stores;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.Target;

/**
 * An inbox agent's directory, the Maildir way: a processor writes {@code tmp/ID.json} and renames
 * it into {@code new/}; a reader marks a message read by moving it into {@code cur/}. Entry ids
 * sort in queue order, so the names in {@code new/} in order are the delivery order. The one
 * description of the layout, for the processor's inbox transport and the command line's {@code
 * queue inbox}; no store reads it.
 *
 * <p>An agent's target may name its directory ({@code {"inbox": "/srv/alice"}}); else it is {@code
 * inbox/NAME} under the inbox root of this host: a file store's data directory, or for a store on a
 * server this host's data directory ({@code --dir}, else {@code $QUEUE_DIR}, else {@code
 * ./message_queue}).
 *
 * @param root the directory a default inbox must stay inside (it holds {@code inbox/}); null for a
 *     directory the agent was registered with, which is followed as it is
 */
public record Inbox(Path directory, Path root) {
  /** The transport label of inbox agents. */
  public static final String TRANSPORT = "inbox";

  /** The field of an inbox agent's target that names its directory. */
  public static final String DIRECTORY = "inbox";

  /**
   * The inbox of {@code agent}, a default one under {@code root}; its directory is absolute.
   *
   * @throws InvalidInputException when its target names no usable directory ({@link
   *     #directoryProblem})
   */
  public static Inbox of(Agent agent, Path root) {
    String problem = directoryProblem(agent);
    if (problem != null) {
      throw new InvalidInputException("agent " + agent.name() + ": " + problem);
    }
    String given = agent.target().text(DIRECTORY);
    if (given != null) {
      return new Inbox(Path.of(given).normalize(), null);
    }
    Path absoluteRoot = root.toAbsolutePath().normalize();
    return new Inbox(absoluteRoot.resolve("inbox").resolve(agent.name()), absoluteRoot);
  }

  /**
   * Where default inboxes go on this host for the store at {@code location}, given the run's {@code
   * --dir} (null when not given) and environment.
   */
  public static Path rootFor(String location, String dirOption, Map<String, String> environment) {
    return Stores.isUrl(location)
        ? Stores.localDirectory(dirOption, environment)
        : Path.of(location);
  }

  /**
   * What is wrong with the directory an agent's target names, or null (naming none means the
   * default inbox). It must be an absolute path: a relative one would be found against whatever
   * directory a processor or a reader runs in (registration makes every path absolute).
   */
  public static String directoryProblem(Agent agent) {
    if (!agent.target().has(DIRECTORY)) {
      return null;
    }
    String given = agent.target().text(DIRECTORY);
    if (given == null) {
      return "its target's field 'inbox' must be a directory path";
    }
    try {
      return Path.of(given).isAbsolute()
          ? null
          : "its inbox " + Quoted.of(given) + " is not an absolute path";
    } catch (InvalidPathException e) {
      return "its inbox " + Quoted.of(given) + " is not a path: " + e.getReason();
    }
  }

  /** The target of an inbox agent: its own {@code directory}, or the default one for null. */
  public static Target target(String directory) {
    return directory == null ? Target.EMPTY : Target.EMPTY.with(DIRECTORY, directory);
  }

  /** True for {@code inbox/NAME} under the root, false for a directory the agent was given. */
  public boolean isDefault() {
    return root != null;
  }

  /** Where a message file is written before it is renamed into {@link #unread()}. */
  public Path tmp() {
    return directory.resolve("tmp");
  }

  /** The messages delivered and not yet read. */
  public Path unread() {
    return directory.resolve("new");
  }

  /** The messages read ({@code queue inbox --ack}). */
  public Path read() {
    return directory.resolve("cur");
  }

  /**
   * The name of the file of entry {@code entryId} in {@code tmp/}, {@code new/} and {@code cur/}.
   */
  public static String fileName(String entryId) {
    return entryId + ".json";
  }
}
