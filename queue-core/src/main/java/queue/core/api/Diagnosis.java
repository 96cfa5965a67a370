package queue.core.api;

import java.util.List;

/**
 * What a store found about itself.
 *
 * @param sizes the size of each file or table, for the operator
 */
public record Diagnosis(List<Finding> findings, List<Size> sizes) {

  public Diagnosis {
    findings = List.copyOf(findings);
    sizes = List.copyOf(sizes);
  }

  /**
   * One check and what it found.
   *
   * @param fix the commands or steps that repair it; empty when nothing needs doing
   */
  public record Finding(String check, Level level, String message, List<String> fix) {

    public Finding {
      fix = List.copyOf(fix);
    }

    public static Finding ok(String check, String message) {
      return new Finding(check, Level.OK, message, List.of());
    }

    public static Finding warning(String check, String message, String... fix) {
      return new Finding(check, Level.WARNING, message, List.of(fix));
    }

    public static Finding problem(String check, String message, String... fix) {
      return new Finding(check, Level.PROBLEM, message, List.of(fix));
    }
  }

  /** How bad a finding is: a PROBLEM makes {@code doctor} exit 1, a WARNING does not. */
  public enum Level {
    OK,
    WARNING,
    PROBLEM
  }

  /** The size of one file or table; -1 when it could not be read. */
  public record Size(String name, long bytes) {}
}
