package queue.cli;

/** Process hooks for runs inside a test: no logging set-up, no signal handlers. */
final class TestProcess implements ProcessHooks {
  @Override
  public void setUpLogging(boolean verbose) {
    // The test's own logback-test.xml is in charge.
  }

  @Override
  public Interruptible interruptOnSignal() {
    return () -> {};
  }
}
