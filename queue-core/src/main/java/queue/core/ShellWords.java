package queue.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An exec agent's argv as a shell would need it typed: a word with a space, a quote or any other
 * character a shell reads specially goes in single quotes. How {@code agents list} shows the
 * command and how the processor's errors name it, so both read alike.
 */
public final class ShellWords {
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellWords() {}

  public static String quote(List<String> argv) {
    List<String> words = new ArrayList<>(argv.size());
    for (String arg : argv) {
      words.add(PLAIN_WORD.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }
}
