package queue.core.agents;

import queue.core.error.InvalidInputException;

/**
 * Agent names: 1 to 64 characters, a letter or digit first, then letters, digits, '.', '_' or '-'.
 * No path separators and no "..", so a name can never escape the data directory.
 */
public final class AgentNames {
  private static final int MAX_LENGTH = 64;

  private AgentNames() {}

  // [A-Za-z0-9][A-Za-z0-9._-]{0,63} without "..", checked by hand: every read of queue.json
  // checks each entry's recipient, and a regular expression cost a cold start its setup.
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || name.contains("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alphanumeric =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /** Returns {@code name}, or throws {@link InvalidInputException} saying what is allowed. */
  public static String require(String name) {
    return require(name, "agent name");
  }

  /** {@link #require(String)} for a name of another kind ({@code what}: "group name"). */
  static String require(String name, String what) {
    if (!isValid(name)) {
      throw new InvalidInputException(
          "invalid "
              + what
              + " '"
              + name
              + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, no '..'");
    }
    return name;
  }
}
