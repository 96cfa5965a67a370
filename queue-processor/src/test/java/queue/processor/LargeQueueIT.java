package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.model.EntryState;
import queue.core.rules.SendRules;
import queue.processor.testing.ProcessorProcess;
import queue.processor.testing.TestQueue;

/**
 * Issue 9, defect 3: a queue of 40 messages with bodies of 1 MiB, each as large as a send accepts
 * (a 40 MB queue.json), is processed by the processor as its launcher starts it; and when the heap
 * is too small after all, the processor exits 1 with one line, not 0, and loses nothing.
 */
class LargeQueueIT {
  private static final Path LOGS = Path.of("target", "it-logs", "large");
  private static final int MESSAGES = 40;

  @TempDir Path dir;

  @Test
  void theLauncherGivesTheProcessorTheHeapAQueueOfFortyLargestBodiesNeeds() throws Exception {
    Path data = dir.resolve("data");
    fill(data);

    try (ProcessorProcess processor = launch("default-heap", data)) {
      assertEquals(0, processor.awaitExit(600), processor.output());
    }

    try (TestQueue queue = TestQueue.inDirectory(data, Clock.systemUTC());
        Stream<Path> files = Files.list(data.resolve("inbox/alice/new"))) {
      assertTrue(queue.entries().stream().allMatch(e -> e.state() == EntryState.DELIVERED));
      assertEquals(MESSAGES, files.count());
    }
  }

  @Test
  void outOfMemoryExitsOneWithOneLineAndLosesNothing() throws Exception {
    Path data = dir.resolve("data");
    fill(data);

    try (ProcessorProcess processor = launch("small-heap", data, "QUEUE_JAVA_OPTS", "-Xmx48m")) {
      assertEquals(1, processor.awaitExit(600), processor.output());
      List<String> lines = processor.output().lines().toList();
      assertEquals(
          1,
          lines.stream().filter(line -> line.contains("OutOfMemoryError")).count(),
          processor.output());
      assertTrue(
          lines.stream().anyMatch(line -> line.startsWith("queue-processor: fatal error")),
          processor.output());
      assertTrue(lines.stream().noneMatch(line -> line.startsWith("\tat ")), processor.output());
    }

    try (TestQueue queue = TestQueue.inDirectory(data, Clock.systemUTC())) {
      assertEquals(MESSAGES, queue.entries().size());
      assertTrue(queue.entries().stream().noneMatch(e -> e.state() == EntryState.DELIVERED));
    }
  }

  private ProcessorProcess launch(String name, Path data, String... environment) throws Exception {
    Map<String, String> variables =
        new HashMap<>(Map.of("JAVA_HOME", System.getProperty("java.home")));
    for (int i = 0; i < environment.length; i += 2) {
      variables.put(environment[i], environment[i + 1]);
    }
    return ProcessorProcess.launch(LOGS, name, variables, "--dir", data.toString(), "--once");
  }

  private static void fill(Path data) {
    try (TestQueue queue = TestQueue.inDirectory(data, Clock.systemUTC())) {
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        bodies.add(String.valueOf((char) ('a' + i % 26)).repeat(SendRules.MAX_BODY_BYTES));
      }
      queue.importQueued(List.of(queue.inboxAgent("alice")), bodies);
    }
  }
}
