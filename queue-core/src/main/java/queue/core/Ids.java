package queue.core;

import java.time.Instant;
import queue.core.error.InvalidInputException;

/**
 * Message and entry ids: 8 characters that sort, as plain strings, in the order the ids were taken,
 * so a listing of an inbox by name is its delivery order.
 *
 * <p>An id is a 40-bit key in Crockford's base 32 (digits, then lower-case letters without i, l, o
 * and u: an alphabet in ASCII order). The key counts 4-millisecond ticks since 2025-01-01 and is at
 * least one more than the last key taken, so ids of one store strictly increase even when many are
 * taken in one tick or the clock steps back; 40 bits last until the year 2164. Because the whole
 * key fits in the first 8 characters, every id is its own unique 8-character prefix. Taking ids
 * from the time also keeps a queue that was recreated from scratch, or restored from an older
 * generation, from giving out an id whose inbox file may still exist.
 *
 * <p>Ids that predate this scheme are random UUIDs in their canonical form; they are still valid.
 * Nothing else is: an id read from anywhere (a state file, an import, a database row) that is
 * neither is refused, so an id never carries a path separator or {@code ..} into a file name.
 *
 * <p>Not promised: ids that decode to the exact time they were taken (a burst runs ahead of the
 * clock by one tick per id, and catches up when it is quiet).
 */
public final class Ids {
  /** The shortest prefix accepted wherever an id is. */
  public static final int MIN_PREFIX = 8;

  static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final int LENGTH = 8;
  private static final long EPOCH_MILLIS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
  private static final long TICK_MILLIS = 4;

  /** The last key there is: ids run out in the year 2164. */
  public static final long MAX_KEY = (1L << 40) - 1;

  private Ids() {}

  /** The key of the first of {@code count} new ids, given the last key taken (0 for none). */
  public static long nextKey(long lastKey, Instant now) {
    long tick = Math.max(0, (now.toEpochMilli() - EPOCH_MILLIS) / TICK_MILLIS);
    long key = Math.max(lastKey + 1, tick);
    if (key > MAX_KEY) {
      throw new IllegalStateException("the id space is exhausted (key " + key + ")");
    }
    return key;
  }

  /** The id of a key: 8 characters of base 32. */
  public static String format(long key) {
    char[] text = new char[LENGTH];
    long rest = key;
    for (int i = LENGTH - 1; i >= 0; i--) {
      text[i] = ALPHABET.charAt((int) (rest & 31));
      rest >>>= 5;
    }
    return new String(text);
  }

  /**
   * True for an id of this scheme, which sorts in queue order as a plain string; false for a UUID
   * of the scheme before it (random, so of no order).
   */
  public static boolean sortsInQueueOrder(String id) {
    return id.length() == LENGTH;
  }

  /** True for an id of this scheme (8 characters of base 32) or a UUID of the one before it. */
  public static boolean isValid(String id) {
    return keyOf(id) >= 0 || (id != null && isUuid(id));
  }

  /** The key of an id of this scheme; -1 for anything else (a UUID of the scheme before it). */
  public static long keyOf(String id) {
    if (id == null || id.length() != LENGTH) {
      return -1;
    }
    long key = 0;
    for (int i = 0; i < LENGTH; i++) {
      int digit = ALPHABET.indexOf(id.charAt(i));
      if (digit < 0) {
        return -1;
      }
      key = key << 5 | digit;
    }
    return key;
  }

  // The canonical form UUID.toString() writes: 8-4-4-4-12 lower-case hex digits.
  private static boolean isUuid(String id) {
    if (id.length() != 36) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a prefix typed by a user: at least 8 characters of an id.
   *
   * @return the prefix, trimmed and in lower case (ids are case-insensitive, as base 32 is)
   */
  public static String requirePrefix(String prefix) {
    String text = prefix == null ? "" : prefix.trim().toLowerCase(java.util.Locale.ROOT);
    if (text.length() < MIN_PREFIX) {
      throw new InvalidInputException(
          "id '"
              + prefix
              + "' is too short: give at least "
              + MIN_PREFIX
              + " characters of it (see 'queue list')");
    }
    return text;
  }
}
