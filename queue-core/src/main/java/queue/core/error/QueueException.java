package queue.core.error;

/**
 * The root of the queue's unchecked errors. Each subtype maps to one exit code of the product
 * contract, so a command line can turn any failure into the right exit code and one clear line.
 */
public abstract class QueueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected QueueException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The process exit code the contract assigns to this kind of failure. */
  public abstract int exitCode();
}
