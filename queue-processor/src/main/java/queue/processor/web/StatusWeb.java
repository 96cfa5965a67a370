package queue.processor.web;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Outcome;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;
import queue.core.documents.StatusDocument;
import queue.core.json.Json;
import queue.processor.deliver.DeliveryListener;

/**
 * The processor's read-only web face ({@code --http}): {@code /} the status page, {@code /live} its
 * refreshing part, {@code /api/status} the document of {@code queue status --json}, {@code
 * /metrics} for Prometheus, {@code /healthz} for a probe. Every answer about the store comes from
 * one shared read a second ({@link StatusCache}); the charts and the attempt metrics come from the
 * delivery outcomes this processor reports to it as a {@link DeliveryListener}, kept in memory.
 */
public final class StatusWeb implements DeliveryListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusWeb.class);

  private final Clock clock;
  private final DeliveryHistory history = new DeliveryHistory();
  private final StatusCache cache;
  private final QueueMetrics metrics;
  private final StatusPage page;
  private StatusServer server;

  private StatusWeb(QueueStore store, Clock clock, ProcessorInfo self) {
    this.clock = clock;
    this.cache = new StatusCache(store, history, clock);
    this.metrics = new QueueMetrics(cache);
    this.page = new StatusPage(store.location(), self.owner() + " on " + self.host());
  }

  /**
   * Serves on {@code address} from now on and logs where, in one line; a non-loopback address is
   * logged as a warning, since anyone who reaches it sees the agents, the bodies and the errors.
   *
   * @param self this processor, as the page names it
   */
  public static StatusWeb start(
      InetSocketAddress address, QueueStore store, Clock clock, ProcessorInfo self) {
    StatusWeb web = new StatusWeb(store, clock, self);
    web.server = StatusServer.start(address, web.endpoints());
    InetSocketAddress bound = web.address();
    if (HttpAddress.isLoopback(bound)) {
      log.info("status page on {}", HttpAddress.url(bound));
    } else {
      log.warn(
          "status page on {}, reachable from other machines: it shows every agent, body and"
              + " error to anyone who can connect; bind to 127.0.0.1 unless that is intended",
          HttpAddress.url(bound));
    }
    return web;
  }

  /** Where it listens, with the port chosen when 0 was asked for. */
  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void deliveryFinished(String agent, String transport, Outcome outcome, Duration took) {
    metrics.record(agent, transport, outcome, took);
    if (outcome instanceof Outcome.Delivered) {
      history.delivered(clock.instant());
    } else if (outcome instanceof Outcome.RetryLater) {
      history.retried(clock.instant());
    } else {
      history.failed(clock.instant());
    }
  }

  private Map<String, Endpoint> endpoints() {
    return Map.of(
        "/", () -> page.page(cache.current(), history.lastHour(clock.instant())),
        "/live", () -> page.live(cache.current(), history.lastHour(clock.instant())),
        "/api/status", this::status,
        "/metrics", () -> new Response(200, QueueMetrics.CONTENT_TYPE, metrics.scrape(), Map.of()),
        "/healthz", this::health);
  }

  private Response status() {
    Reading reading = cache.current();
    if (!reading.ok()) {
      return Response.json(
          503, Json.mapper().writeValueAsBytes(Map.of("error", reading.failure())));
    }
    StatusDocument document = StatusDocument.of(reading.report(), reading.processors(), null);
    return Response.json(200, Json.mapper().writeValueAsBytes(document));
  }

  // The server lives as long as the processor's loop: started before it, closed after it.
  private Response health() {
    Reading reading = cache.current();
    return reading.ok()
        ? Response.text(200, "ok\n")
        : Response.text(503, "store unreadable: " + reading.failure() + "\n");
  }

  @Override
  public void close() {
    server.close();
  }
}
