package queue.processor.web;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import queue.core.api.StatusReport.AgentStatus;
import queue.core.api.StatusReport.Counts;

/**
 * The metrics that describe the store rather than this processor, from one shared status read per
 * scrape: they are the same on every processor of a store and survive restarts. When the store
 * cannot be read only {@code queue_store_up 0} and {@code queue_processor_up} are written.
 */
final class StoreCollector implements MultiCollector {
  private final StatusCache cache;

  StoreCollector(StatusCache cache) {
    this.cache = cache;
  }

  @Override
  public MetricSnapshots collect() {
    Reading reading = cache.current();
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    all.metricSnapshot(gauge("queue_processor_up", "1 while this processor runs.", 1));
    all.metricSnapshot(
        gauge(
            "queue_store_up",
            "1 when the last status read of the store succeeded, 0 when it failed.",
            reading.ok() ? 1 : 0));
    if (reading.ok()) {
      all.metricSnapshot(entries(reading));
      all.metricSnapshot(delivered(reading));
      all.metricSnapshot(oldestPendingAge(reading));
      all.metricSnapshot(paused(reading));
      all.metricSnapshot(
          gauge(
              "queue_processors_running",
              "Processors running on this store, on every host.",
              reading.processors().size()));
    }
    return all.build();
  }

  private static GaugeSnapshot entries(Reading reading) {
    GaugeSnapshot.Builder gauge =
        GaugeSnapshot.builder()
            .name("queue_entries")
            .help(
                "Entries per agent and state now; pending includes scheduled, delivered counts"
                    + " every entry ever delivered.");
    for (AgentStatus agent : reading.report().agents()) {
      Counts counts = agent.counts();
      gauge.dataPoint(entryCount(agent.name(), "pending", counts.pending()));
      gauge.dataPoint(entryCount(agent.name(), "scheduled", counts.scheduled()));
      gauge.dataPoint(entryCount(agent.name(), "processing", counts.processing()));
      gauge.dataPoint(entryCount(agent.name(), "delivered", counts.delivered()));
      gauge.dataPoint(entryCount(agent.name(), "failed", counts.failed()));
    }
    return gauge.build();
  }

  private static GaugeDataPointSnapshot entryCount(String agent, String state, long value) {
    return GaugeDataPointSnapshot.builder()
        .labels(Labels.of("agent", agent, "state", state))
        .value(value)
        .build();
  }

  private static CounterSnapshot delivered(Reading reading) {
    CounterSnapshot.Builder counter =
        CounterSnapshot.builder()
            .name("queue_delivered")
            .help("Entries ever delivered to each agent, by any processor (the status figure).");
    for (AgentStatus agent : reading.report().agents()) {
      counter.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of("agent", agent.name()))
              .value(agent.counts().delivered())
              .build());
    }
    return counter.build();
  }

  private static GaugeSnapshot oldestPendingAge(Reading reading) {
    GaugeSnapshot.Builder gauge =
        GaugeSnapshot.builder()
            .name("queue_oldest_pending_age_seconds")
            .help("How long each agent's oldest due pending entry has waited; 0 when none waits.");
    for (AgentStatus agent : reading.report().agents()) {
      double age =
          agent.oldestPendingSince() == null
              ? 0
              : Math.max(0, Duration.between(agent.oldestPendingSince(), reading.at()).toMillis())
                  / 1000.0;
      gauge.dataPoint(agentValue(agent.name(), age));
    }
    return gauge.build();
  }

  private static GaugeSnapshot paused(Reading reading) {
    GaugeSnapshot.Builder gauge =
        GaugeSnapshot.builder()
            .name("queue_agent_paused")
            .help("1 while delivery to it is paused.");
    for (AgentStatus agent : reading.report().agents()) {
      gauge.dataPoint(agentValue(agent.name(), agent.paused() ? 1 : 0));
    }
    return gauge.build();
  }

  private static GaugeDataPointSnapshot agentValue(String agent, double value) {
    return GaugeDataPointSnapshot.builder().labels(Labels.of("agent", agent)).value(value).build();
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }
}
