package queue.processor.web;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import queue.core.api.Outcome;

/**
 * {@code /metrics}: what this processor did ({@code queue_delivery_attempts_total}, {@code
 * queue_delivery_duration_seconds}), counted in memory from its start, and what the store holds now
 * ({@link StoreCollector}). One registry per processor, never the client's global one.
 */
final class QueueMetrics {
  static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  // From a local inbox write (a millisecond) to an HTTP or exec agent's timeout (30 s by default).
  private static final double[] DURATION_BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter attempts;
  private final Histogram duration;

  QueueMetrics(StatusCache cache) {
    attempts =
        Counter.builder()
            .name("queue_delivery_attempts_total")
            .help("Delivery attempts by this processor since it started, by outcome.")
            .labelNames("agent", "transport", "outcome")
            .withoutExemplars()
            .register(registry);
    duration =
        Histogram.builder()
            .name("queue_delivery_duration_seconds")
            .help("How long delivery attempts by this processor took.")
            .labelNames("transport")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .withoutExemplars()
            .register(registry);
    registry.register(new StoreCollector(cache));
  }

  void record(String agent, String transport, Outcome outcome, Duration took) {
    String transportLabel = transport == null ? "none" : transport;
    attempts.labelValues(agent, transportLabel, outcomeLabel(outcome)).inc();
    duration.labelValues(transportLabel).observe(took.toNanos() / 1e9);
  }

  /** The Prometheus text format, version 0.0.4. */
  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the metrics into memory", e);
    }
    return out.toByteArray();
  }

  private static String outcomeLabel(Outcome outcome) {
    if (outcome instanceof Outcome.Delivered) {
      return "delivered";
    }
    return outcome instanceof Outcome.RetryLater ? "retry" : "failed";
  }
}
