package queue.bench.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.store.FileStore;

/**
 * One producer process of {@link ThroughputBench}: opens the store, prints "ready" and waits for a
 * line on stdin, then sends COUNT messages to AGENT, one durable save each, and prints "cpu" and
 * the CPU time this JVM used for them (all its threads, in nanoseconds).
 *
 * <p>Args: DIR NAME AGENT COUNT
 */
public final class ProducerMain {
  private ProducerMain() {}

  public static void main(String[] args) throws IOException {
    try (QueueStore store = FileStore.open(Path.of(args[0]), BenchStores.options())) {
      int count = Integer.parseInt(args[3]);
      System.out.println("ready");
      System.out.flush();
      if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine()
          == null) {
        throw new IllegalStateException("the benchmark gave no start signal");
      }
      long cpuAtStart = cpuNanos();
      for (int i = 1; i <= count; i++) {
        store.sends().send(SendRequest.to(List.of(args[2]), args[1], args[1] + " message " + i));
      }
      System.out.println("cpu " + (cpuNanos() - cpuAtStart));
    }
  }

  /** The CPU time of this JVM so far, all threads. */
  static long cpuNanos() {
    return ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("the OS reports no CPU time"))
        .toNanos();
  }
}
