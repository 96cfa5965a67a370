package queue.core.error;

/** The queue lock could not be taken within the lock timeout. Exit 3. */
public final class QueueBusyException extends QueueException {
  private static final long serialVersionUID = 1L;

  public QueueBusyException(String message) {
    super(message, null);
  }

  @Override
  public int exitCode() {
    return ExitCode.BUSY.code();
  }
}
