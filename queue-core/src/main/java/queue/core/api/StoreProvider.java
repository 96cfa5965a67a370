package queue.core.api;

/**
 * A kind of store that lives outside queue-core (the PostgreSQL store), found with {@link
 * java.util.ServiceLoader}, so that core knows no store module and a program picks the store from
 * its location alone.
 */
public interface StoreProvider {

  /** True if {@code location} is this provider's kind of URL (by its scheme alone). */
  boolean accepts(String location);

  /**
   * Opens the store at {@code location}. A location that does not parse is exit 2; a server that
   * cannot be reached is exit 6, named by host, port and database, never by password.
   */
  QueueStore open(String location, OpenOptions options);
}
