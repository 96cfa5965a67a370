package queue.core.api;

import java.util.List;

/**
 * Which processors are running. A registration lasts while its process lives: a {@code kill -9}
 * ends it at once on a file store and within seconds on a database, with no heartbeat to go stale
 * on its own.
 */
public interface Liveness {

  /** Marks a processor as running until the registration is closed or its process dies. */
  Registration register(ProcessorInfo processor);

  /** The processors running now, in the order they started. */
  List<ProcessorInfo> running();

  /** A running processor's mark. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
