package queue.processor.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.random.RandomGenerator;
import queue.core.api.Liveness;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;
import queue.core.files.DefaultFileOps;
import queue.processor.DeliveryRules;
import queue.processor.Processor;
import queue.processor.ProcessorConfig;
import queue.processor.Scheduling;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;

/**
 * A processor running in this JVM with its status server on 127.0.0.1, as ProcessorMain runs it.
 */
final class RunningProcessor implements AutoCloseable {
  private final Processor processor;
  private final Liveness.Registration registration;
  private final StatusWeb web;
  private final Thread loop;

  private RunningProcessor(Processor processor, Liveness.Registration registration, StatusWeb web) {
    this.processor = processor;
    this.registration = registration;
    this.web = web;
    this.loop = new Thread(processor::run, "processor");
  }

  /** A processor of {@code store} whose default inboxes are under {@code inboxes}. */
  static RunningProcessor start(QueueStore store, Path inboxes, Clock clock) {
    ProcessorConfig config =
        ProcessorConfig.defaults(
            "test-" + UUID.randomUUID().toString().substring(0, 8), QueueScene.HOST);
    ProcessorInfo self =
        new ProcessorInfo(
            config.owner(), config.host(), ProcessHandle.current().pid(), clock.instant());
    Liveness.Registration registration = store.liveness().register(self);
    StatusWeb web = StatusWeb.start(loopback(), store, clock, self);
    DeliveryRules rules =
        new DeliveryRules(
            Deliveries.standard(inboxes, new DefaultFileOps(), Duration.ofSeconds(5), clock),
            Duration.ofSeconds(5),
            new RetryPolicy(clock, RandomGenerator.getDefault(), 3),
            web);
    Processor processor = new Processor(store, config, rules, Scheduling.threads(clock));
    RunningProcessor running = new RunningProcessor(processor, registration, web);
    running.loop.start();
    return running;
  }

  static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  URI uri(String path) {
    return WebClient.uri(web, path);
  }

  @Override
  public void close() {
    processor.stop();
    try {
      processor.awaitStopped(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      web.close();
      registration.close();
    }
  }
}
