package queue.core;

/**
 * A value read from outside, quoted for one line of an error message: control characters escaped as
 * {@code \}{@code uXXXX}, and a long value cut, so a hostile value can neither break the line nor
 * flood the terminal.
 */
public final class Quoted {
  private static final int MAX_SHOWN = 80;

  private Quoted() {}

  public static String of(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder text = new StringBuilder("'");
    int shown = Math.min(value.length(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        text.append(String.format("\\u%04x", (int) c));
      } else {
        text.append(c);
      }
    }
    if (shown < value.length()) {
      text.append("...");
    }
    return text.append('\'').toString();
  }
}
