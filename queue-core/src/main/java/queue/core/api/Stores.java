package queue.core.api;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import queue.core.error.InvalidInputException;

/**
 * Chooses and opens the store of a run, in the contract's order: {@code --store STORE}, else {@code
 * $QUEUE_STORE}, else the file store in this host's data directory ({@code --dir DIR}, else {@code
 * $QUEUE_DIR}, else {@code ./message_queue}). So {@code $QUEUE_STORE} in a service's environment
 * file moves a processor started with {@code --dir} onto a database, and the {@code --dir} then
 * names where this host's inbox agents' default inboxes go. A STORE is a directory (a file store)
 * or a {@code postgresql://} URL, each opened by its provider on the class path.
 */
public final class Stores {
  public static final String STORE_VARIABLE = "QUEUE_STORE";
  public static final String DIR_VARIABLE = "QUEUE_DIR";
  public static final String DEFAULT_DIR = "message_queue";

  private Stores() {}

  /** Where a run's store is, as chosen by its options and environment; nothing is opened. */
  public static String locate(String storeOption, String dirOption, Map<String, String> env) {
    if (isSet(storeOption) && isSet(dirOption)) {
      throw new InvalidInputException(
          "--store and --dir cannot be used together: a --dir is a file store; choose one");
    }
    if (isSet(storeOption)) {
      return storeOption;
    }
    if (isSet(env.get(STORE_VARIABLE))) {
      return env.get(STORE_VARIABLE);
    }
    return localDirectory(dirOption, env).toString();
  }

  /**
   * This host's data directory: {@code --dir DIR}, else {@code $QUEUE_DIR}, else {@code
   * ./message_queue}.
   */
  public static Path localDirectory(String dirOption, Map<String, String> env) {
    if (isSet(dirOption)) {
      return directory(dirOption);
    }
    String fromEnvironment = env.get(DIR_VARIABLE);
    return directory(isSet(fromEnvironment) ? fromEnvironment : DEFAULT_DIR);
  }

  /** True for a location that names a server rather than a directory. */
  public static boolean isUrl(String location) {
    return location.contains("://");
  }

  /**
   * Opens the store at {@code location} (see {@link #locate}) with the first {@link StoreProvider}
   * on the class path that accepts it: the file store's for a directory.
   */
  public static QueueStore open(String location, OpenOptions options) {
    for (StoreProvider provider : ServiceLoader.load(StoreProvider.class)) {
      if (provider.accepts(location)) {
        return provider.open(location, options);
      }
    }
    String scheme = location.substring(0, location.indexOf("://")).toLowerCase(Locale.ROOT);
    if (scheme.equals("postgresql") || scheme.equals("postgres")) {
      throw new InvalidInputException(
          "this build of queue has no PostgreSQL store (queue-postgres is not on its class path)");
    }
    throw new InvalidInputException(
        "unsupported store '"
            + scheme
            + "://...': use a directory or postgresql://[USER@]HOST[:PORT]/DATABASE");
  }

  /** The directory {@code text} names; exit 2 if it names none. */
  public static Path directory(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new InvalidInputException("invalid data directory '" + text + "': " + e.getReason());
    }
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
