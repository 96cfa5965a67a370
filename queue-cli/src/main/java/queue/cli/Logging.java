package queue.cli;

/**
 * Keeps the command line quiet and quick: without --verbose SLF4J gets its no-op provider, so
 * Logback is never loaded or configured; with --verbose Logback logs to stderr (logback.xml).
 */
final class Logging {
  private static final String PROVIDER_PROPERTY = "slf4j.provider";
  private static final String NOP_PROVIDER = "org.slf4j.helpers.NOP_FallbackServiceProvider";

  private Logging() {}

  /** Must run before the first logger is created; later calls have no effect. */
  static void configure(boolean verbose) {
    if (verbose || System.getProperty(PROVIDER_PROPERTY) != null) {
      return;
    }
    System.setProperty(PROVIDER_PROPERTY, NOP_PROVIDER);
    // SLF4J reports an explicitly chosen provider at INFO on stderr; keep stderr for errors.
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }
}
