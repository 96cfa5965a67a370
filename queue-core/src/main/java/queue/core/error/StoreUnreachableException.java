package queue.core.error;

/**
 * The store's server cannot be reached: connection refused, unknown host, failed authentication, no
 * answer in time. The message names the host, port and database, never a password. Exit 6.
 */
public final class StoreUnreachableException extends QueueException {
  private static final long serialVersionUID = 1L;

  public StoreUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return ExitCode.UNREACHABLE.code();
  }
}
