package queue.core.agents;

import java.util.regex.Pattern;
import queue.core.error.InvalidInputException;

/**
 * Agent names: 1 to 64 characters, a letter or digit first, then letters, digits, '.', '_' or '-'.
 * No path separators and no "..", so a name can never escape the data directory.
 */
public final class AgentNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private AgentNames() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches() && !name.contains("..");
  }

  /** Returns {@code name}, or throws {@link InvalidInputException} saying what is allowed. */
  public static String require(String name) {
    if (!isValid(name)) {
      throw new InvalidInputException(
          "invalid agent name '"
              + name
              + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, no '..'");
    }
    return name;
  }
}
