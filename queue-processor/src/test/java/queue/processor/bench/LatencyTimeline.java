package queue.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.core.testing.Percentiles;
import queue.processor.testing.TestQueue;

/**
 * Where the time goes between "send committed" and "inbox file visible": runs {@link
 * TracedProcessor} in its own JVM (with the JVM options given), sends to one inbox agent one
 * message at a time as ProcessorBench does, and splits each sample into the steps of the
 * processor's trace ({@link Timeline}). Each send is preceded by one fsync'd inbox file written by
 * this process (the floor of a delivery, measured in the same run). Arguments: work directory,
 * sends, retention, then the processor JVM's options.
 */
public final class LatencyTimeline {
  private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final int WARM_UP = 50;

  private LatencyTimeline() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int sends = Integer.parseInt(args[1]);
    String retain = args[2];
    List<String> jvmOptions = List.of(args).subList(3, args.length);
    System.out.printf(
        Locale.ROOT,
        "# latency timeline: %d sends, --retain %s, processor JVM %s%n",
        sends,
        retain,
        jvmOptions);
    TestQueue queue = TestQueue.inDirectory(dir.resolve("data"), Clock.systemUTC());
    queue.addInbox("agent-0");
    Path inbox = Files.createDirectories(dir.resolve("data/inbox/agent-0/new"));
    Path trace = dir.resolve("trace.txt");
    List<Timeline.Sample> samples = new ArrayList<>();
    long[] floors = new long[sends];
    Process processor = start(dir, trace, retain, jvmOptions);
    try (queue;
        InboxWatch watch = new InboxWatch(List.of(inbox))) {
      for (int i = 0; i < WARM_UP + sends; i++) {
        if (i >= WARM_UP) {
          floors[i - WARM_UP] = FsyncFloor.writeOne(dir.resolve("floor"), i + ".json");
        }
        queue.send("ping " + i, "agent-0");
        long committed = System.nanoTime();
        InboxWatch.Arrival arrival = watch.await(i);
        if (i >= WARM_UP) {
          samples.add(new Timeline.Sample(committed, arrival));
        }
        LockSupport.parkNanos(PACE_NANOS);
      }
      System.out.printf(
          Locale.ROOT, "entries in queue.json at the end: %d%n", queue.entries().size());
    } finally {
      stop(processor);
    }
    System.out.printf(
        Locale.ROOT,
        "floor: one fsync'd inbox file, in this process: %s%n",
        Percentiles.of(floors));
    new Timeline(Trace.read(trace)).print(samples);
  }

  private static Process start(Path dir, Path trace, String retain, List<String> jvmOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            TracedProcessor.class.getName(),
            dir.resolve("data").toString(),
            trace.toString(),
            retain));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("processor.log").toFile());
    builder.environment().put("MALLOC_ARENA_MAX", "2");
    return builder.start();
  }

  private static void stop(Process processor) throws InterruptedException {
    processor.destroy();
    if (!processor.waitFor(60, TimeUnit.SECONDS)) {
      processor.destroyForcibly();
    }
  }
}
