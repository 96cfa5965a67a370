package queue.core.error;

/**
 * A state file is unreadable, does not parse or fails validation. It is never replaced by an empty
 * queue; every command refuses it until a person repairs or restores it. Exit 4.
 */
public final class CorruptStateException extends QueueException {
  private static final long serialVersionUID = 1L;

  public CorruptStateException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return ExitCode.UNREADABLE.code();
  }
}
