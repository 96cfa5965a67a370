package queue.processor.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.random.RandomGenerator;
import queue.core.Durations;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.files.DefaultFileOps;
import queue.processor.DeliveryRules;
import queue.processor.Processor;
import queue.processor.ProcessorConfig;
import queue.processor.Scheduling;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryListener;
import queue.processor.deliver.DeliveryResult;

/**
 * The daemon of ProcessorMain on a file store, with every file operation, store call, transaction
 * and wake-up timed (see {@link Trace}); the trace is written when the process is stopped
 * (SIGTERM). Started by {@link LatencyTimeline} with the launcher's JVM options. Arguments: data
 * directory, trace file, retention.
 */
public final class TracedProcessor {
  private TracedProcessor() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path traceFile = Path.of(args[1]);
    Duration retain = Durations.parse(args[2]);
    Clock clock = Clock.systemUTC();
    Trace trace = new Trace();
    TracingFileOps ops = new TracingFileOps(new DefaultFileOps(), trace);
    QueueStore queue =
        new TracingStore(
            TracedFileStore.open(
                dir, OpenOptions.defaults(clock), ops, s -> new TracingSnapshots(s, trace)),
            trace);
    queue.upkeep().retire(retain);
    Duration timeout = Duration.ofSeconds(30);
    DeliveryRules rules =
        new DeliveryRules(
            traced(Deliveries.standard(dir, ops, timeout, clock), trace),
            timeout,
            new RetryPolicy(clock, RandomGenerator.getDefault(), RetryPolicy.DEFAULT_MAX_ATTEMPTS),
            DeliveryListener.NONE);
    ProcessorConfig config =
        ProcessorConfig.defaults("traced-" + UUID.randomUUID(), "bench").withRetain(retain);
    Processor processor = new Processor(queue, config, rules, Scheduling.threads(clock));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  processor.stop();
                  try {
                    processor.awaitStopped(Duration.ofSeconds(20));
                    trace.writeTo(traceFile);
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                }));
    System.out.println("traced processor running");
    processor.run();
  }

  private static Delivery traced(Delivery real, Trace trace) {
    return (claim, payload, timeout) -> {
      long start = System.nanoTime();
      DeliveryResult result = real.deliver(claim, payload, timeout);
      trace.add(start, "deliver", claim.entry().id());
      return result;
    };
  }
}
