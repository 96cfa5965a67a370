package queue.postgres;

import java.time.Clock;
import java.time.Instant;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;

/**
 * A child JVM for {@link LivenessIT}: registers as a processor, says so, and waits to be killed.
 */
public final class RegisteredProcessorMain {
  private RegisteredProcessorMain() {}

  public static void main(String[] args) throws Exception {
    QueueStore store = TestStores.open(args[0], Clock.systemUTC());
    store
        .liveness()
        .register(
            new ProcessorInfo("child", "host-c", ProcessHandle.current().pid(), Instant.now()));
    System.out.println("registered");
    System.out.flush();
    // Blocks until the test kills this process; it never closes its registration.
    System.in.read();
  }
}
