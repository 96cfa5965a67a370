package queue.core.rules;

import java.util.List;
import java.util.TreeSet;
import queue.core.Ids;
import queue.core.error.InvalidInputException;

/**
 * Resolves an id typed by a user (a whole id or a unique prefix of 8+ characters), with the same
 * rules and words in every store.
 */
public final class IdPrefixes {
  private static final int SHOWN = 5;

  private IdPrefixes() {}

  /**
   * The one id among {@code ids} that {@code typed} names: itself, or the only one it is a prefix
   * of; null if none. Several matches are refused (exit 2), naming some of them.
   */
  public static String resolve(String typed, List<String> ids, String what) {
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
      throw ambiguous(typed, List.copyOf(matches), matches.size(), what);
    }
    return matches.isEmpty() ? null : matches.first();
  }

  /**
   * The refusal of {@code typed}, which matches {@code count} ids: the first of them, in order, are
   * named.
   */
  public static InvalidInputException ambiguous(
      String typed, List<String> firstMatches, long count, String what) {
    List<String> some = firstMatches.stream().limit(SHOWN).toList();
    return new InvalidInputException(
        "id '"
            + typed
            + "' matches "
            + count
            + " "
            + what
            + "s ("
            + String.join(", ", some)
            + (count > SHOWN ? ", ..." : "")
            + "): give more of it");
  }
}
