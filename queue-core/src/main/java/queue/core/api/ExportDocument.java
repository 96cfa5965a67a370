package queue.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;

/**
 * A store's whole state, as {@code queue export} writes it and {@code queue import} reads it.
 *
 * @param source the store it came from, for the reader
 * @param lastKey the key of the last id taken, so the store it moves to never gives one out again
 * @param delivered per agent, every entry ever delivered
 * @param lastDeliveredAt per agent, when an entry was last delivered
 */
public record ExportDocument(
    int version,
    String source,
    Instant exportedAt,
    long lastKey,
    List<Agent> agents,
    List<Message> messages,
    List<Entry> entries,
    Map<String, Long> delivered,
    Map<String, Instant> lastDeliveredAt) {

  public static final int VERSION = 1;

  public ExportDocument {
    agents = List.copyOf(agents);
    messages = List.copyOf(messages);
    entries = List.copyOf(entries);
    delivered = Map.copyOf(delivered);
    lastDeliveredAt = Map.copyOf(lastDeliveredAt);
  }

  public ExportDocument withAgents(List<Agent> value) {
    return new ExportDocument(
        version, source, exportedAt, lastKey, value, messages, entries, delivered, lastDeliveredAt);
  }
}
