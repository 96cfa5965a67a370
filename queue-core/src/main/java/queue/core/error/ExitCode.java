package queue.core.error;

/** The exit codes of the product contract, for both programs. */
public enum ExitCode {
  /** Done. */
  OK(0),
  /** {@code --wait} saw FAILED, {@code doctor} found problems, or a save failed. */
  FAILED(1),
  /** Bad usage or bad input; nothing was written. */
  USAGE(2),
  /** The queue lock was not free within {@code --lock-timeout}. */
  BUSY(3),
  /** The state is unreadable or corrupt, or its schema is newer than this program. */
  UNREADABLE(4),
  /** {@code --wait} timed out, or {@code receive --wait} received nothing. */
  TIMED_OUT(5),
  /** The store cannot be reached. */
  UNREACHABLE(6);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
