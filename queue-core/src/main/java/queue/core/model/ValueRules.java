package queue.core.model;

import java.time.Instant;
import queue.core.Quoted;
import queue.core.TimeRange;

/**
 * The rules for single values, wherever they come from (a send, a state file, an import, a database
 * row): each returns the problem in words, or null when there is none.
 */
public final class ValueRules {
  /** The longest sender name and idempotency key. */
  public static final int MAX_NAME_LENGTH = 256;

  private ValueRules() {}

  /**
   * What is wrong with a message body, or null: it is empty, or holds a NUL character, which no
   * store keeps (PostgreSQL's text cannot), so both stores refuse it alike.
   */
  public static String bodyProblem(String body) {
    if (body.isEmpty()) {
      return "is empty";
    }
    int nul = body.indexOf('\0');
    if (nul >= 0) {
      return "holds a NUL character (U+0000) at position " + (nul + 1) + ", which no store keeps";
    }
    return null;
  }

  /**
   * What is wrong with a short text that outputs show on one line (a sender, an idempotency key, a
   * host): blank, longer than {@code maxLength}, or holding a control character.
   */
  public static String textProblem(String what, String value, int maxLength) {
    if (value == null || value.isBlank() || value.length() > maxLength || hasControl(value)) {
      return "invalid "
          + what
          + " "
          + Quoted.of(value)
          + ": use 1-"
          + maxLength
          + " printable characters";
    }
    return null;
  }

  /** True when {@code value} holds a control character (C0, DEL or C1). */
  public static boolean hasControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** What is wrong with a time a state keeps in {@code field}, or null. */
  public static String timeProblem(String field, Instant time) {
    if (time == null || TimeRange.contains(time)) {
      return null;
    }
    return field
        + " "
        + time
        + " is outside the times the queue keeps ("
        + TimeRange.describe()
        + ")";
  }
}
