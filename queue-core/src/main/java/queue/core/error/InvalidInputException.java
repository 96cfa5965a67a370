package queue.core.error;

/** Bad usage or bad input: nothing was written. Exit 2. */
public final class InvalidInputException extends QueueException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message, null);
  }

  @Override
  public int exitCode() {
    return ExitCode.USAGE.code();
  }
}
