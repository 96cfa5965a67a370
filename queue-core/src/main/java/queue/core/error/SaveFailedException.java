package queue.core.error;

/** A save could not be completed (I/O error, disk full); the state on disk is unchanged. Exit 1. */
public final class SaveFailedException extends QueueException {
  private static final long serialVersionUID = 1L;

  public SaveFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return ExitCode.FAILED.code();
  }
}
