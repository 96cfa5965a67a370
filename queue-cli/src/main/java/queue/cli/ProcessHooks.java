package queue.cli;

/** What a run asks of its process beyond the streams: logging, and what a signal does. */
public interface ProcessHooks {

  /** The exit code of a command ended by SIGINT (Ctrl-C), as a shell reports it: 128 + 2. */
  int INTERRUPTED = 130;

  /** Called once, after parsing and before the command runs, with --verbose. */
  void setUpLogging(boolean verbose);

  /**
   * Until the returned handle is closed, SIGINT and SIGTERM interrupt the calling thread and give
   * it a moment to say what it leaves behind (a message still queued, a message not yet received)
   * before the process exits with 128 + the signal.
   */
  Interruptible interruptOnSignal();

  /** Ends what {@link #interruptOnSignal} set up. */
  interface Interruptible extends AutoCloseable {
    @Override
    void close();
  }
}
