package queue.core.api;

/**
 * A signal that the queue changed (a send, a hand-back, a retry), so a processor or a waiting
 * receiver wakes within milliseconds instead of polling. It may fire for changes that make nothing
 * new due and may miss some (a watch that overflowed, a lost connection): callers also poll.
 */
public interface Changes {

  /**
   * Calls {@code listener} (on a thread of the store's) after changes, until the subscription is
   * closed. A store that cannot watch returns a subscription that never fires, and logs why.
   */
  Subscription subscribe(Runnable listener);

  /** An active subscription. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
