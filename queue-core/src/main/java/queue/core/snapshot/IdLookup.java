package queue.core.snapshot;

import java.util.List;
import java.util.TreeSet;
import queue.core.Ids;
import queue.core.error.InvalidInputException;

/** Resolves an id typed by a user (a whole id or a unique prefix of 8+ characters). */
final class IdLookup {
  private static final int SHOWN = 5;

  private IdLookup() {}

  /**
   * The one id among {@code ids} that {@code typed} names: itself, or the only one it is a prefix
   * of; null if none. Several matches are refused (exit 2), naming some of them.
   */
  static String resolve(String typed, List<String> ids, String what) {
    String prefix = Ids.requirePrefix(typed);
    TreeSet<String> matches = new TreeSet<>();
    for (String id : ids) {
      if (id.equals(prefix)) {
        return id;
      }
      if (id.startsWith(prefix)) {
        matches.add(id);
      }
    }
    if (matches.size() > 1) {
      throw ambiguous(typed, matches, what);
    }
    return matches.isEmpty() ? null : matches.first();
  }

  static InvalidInputException ambiguous(
      String typed, java.util.Collection<String> matches, String what) {
    List<String> some = matches.stream().limit(SHOWN).toList();
    return new InvalidInputException(
        "id '"
            + typed
            + "' matches "
            + matches.size()
            + " "
            + what
            + "s ("
            + String.join(", ", some)
            + (matches.size() > SHOWN ? ", ..." : "")
            + "): give more of it");
  }
}
