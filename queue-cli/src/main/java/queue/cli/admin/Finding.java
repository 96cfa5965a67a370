package queue.cli.admin;

import java.util.List;

/**
 * One result of {@code queue doctor}.
 *
 * @param fix the commands or steps that repair it; empty when nothing needs doing
 */
record Finding(String check, Level level, String message, List<String> fix) {

  enum Level {
    OK,
    WARNING,
    PROBLEM
  }

  Finding {
    fix = List.copyOf(fix);
  }

  static Finding ok(String check, String message) {
    return new Finding(check, Level.OK, message, List.of());
  }

  static Finding warning(String check, String message, String... fix) {
    return new Finding(check, Level.WARNING, message, List.of(fix));
  }

  static Finding problem(String check, String message, String... fix) {
    return new Finding(check, Level.PROBLEM, message, List.of(fix));
  }
}
