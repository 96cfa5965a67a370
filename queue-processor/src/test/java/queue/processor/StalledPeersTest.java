package queue.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import queue.core.files.DefaultFileOps;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;
import queue.processor.deliver.DeliveryListener;
import queue.processor.testing.LogCapture;
import queue.processor.testing.StallingServer;
import queue.processor.testing.TestQueue;

/**
 * Two agents whose peers answer and then stall, one healthy agent, and two workers: the stalled
 * deliveries are abandoned at their deadline, so the healthy agent is delivered to and no entry
 * stays PROCESSING behind a stalled peer.
 */
class StalledPeersTest {
  @TempDir Path dir;
  @RegisterExtension LogCapture logs = new LogCapture();

  @Test
  void twoStalledPeersDoNotStarveAHealthyAgent() throws Exception {
    HttpServer healthy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    healthy.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    healthy.start();
    Processor daemon = null;
    try (StallingServer headersOnly = StallingServer.headersThenNothing();
        StallingServer trickling = StallingServer.tricklingBody();
        TestQueue queue = TestQueue.inMemory(Clock.systemUTC(), dir)) {
      queue.addHttp("stalled-1", headersOnly.url());
      queue.addHttp("stalled-2", trickling.url());
      queue.addHttp("healthy", "http://127.0.0.1:" + healthy.getAddress().getPort() + "/");
      queue.broadcast("hello");
      daemon = start(queue);

      await().atMost(Duration.ofMinutes(1)).until(() -> state(queue, "healthy").isTerminal());

      assertEquals(EntryState.DELIVERED, state(queue, "healthy"));
      await().atMost(Duration.ofMinutes(1)).until(() -> entry(queue, "stalled-2").attempts() > 0);
      for (String stalled : new String[] {"stalled-1", "stalled-2"}) {
        Entry entry = entry(queue, stalled);
        assertTrue(entry.lastError().contains("timed out"), entry.toString());
      }
    } finally {
      if (daemon != null) {
        daemon.stop();
        assertTrue(daemon.awaitStopped(Duration.ofMinutes(1)));
      }
      healthy.stop(0);
    }
    assertTrue(logs.lines(Level.WARN, "timed out").size() >= 2);
  }

  private static Processor start(TestQueue queue) {
    Clock clock = Clock.systemUTC();
    Duration timeout = Duration.ofMillis(500);
    DeliveryRules rules =
        new DeliveryRules(
            Deliveries.standard(queue.inboxRoot(), new DefaultFileOps(), timeout, clock),
            timeout,
            new RetryPolicy(clock, RandomGenerator.getDefault(), 10),
            DeliveryListener.NONE);
    Processor daemon =
        new Processor(
            queue.store(),
            ProcessorConfig.defaults("test-" + System.nanoTime(), "host-1").withWorkers(2),
            rules,
            Scheduling.threads(clock));
    Thread thread = new Thread(daemon::run, "daemon-under-test");
    thread.setDaemon(true);
    thread.start();
    return daemon;
  }

  private static Entry entry(TestQueue queue, String recipient) {
    return queue.entries().stream()
        .filter(e -> e.recipient().equals(recipient))
        .findFirst()
        .orElseThrow();
  }

  private static EntryState state(TestQueue queue, String recipient) {
    return entry(queue, recipient).state();
  }
}
