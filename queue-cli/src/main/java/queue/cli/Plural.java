package queue.cli;

/** Counts in words: "1 entry", "2 entries". */
public final class Plural {
  private Plural() {}

  public static String of(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
