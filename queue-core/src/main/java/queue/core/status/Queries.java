package queue.core.status;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.model.Snapshot;
import queue.core.status.StatusReport.AgentCounts;
import queue.core.status.StatusReport.Counts;
import queue.core.status.StatusReport.ProcessorStatus;
import queue.core.store.QueueStore;

/** Read-only answers from one unlocked snapshot: status, a message's outcome, listings. */
public final class Queries {
  private final QueueStore store;
  private final Processors processors;

  public Queries(QueueStore store, Processors processors) {
    this.store = store;
    this.processors = processors;
  }

  public StatusReport status() {
    Snapshot snapshot = store.read();
    Map<String, Map<EntryState, Long>> perAgent = new LinkedHashMap<>();
    snapshot.agents().forEach(a -> perAgent.put(a.name(), new EnumMap<>(EntryState.class)));
    for (Entry entry : snapshot.queue().entries()) {
      perAgent
          .computeIfAbsent(entry.recipient(), r -> new EnumMap<>(EntryState.class))
          .merge(entry.state(), 1L, Long::sum);
    }
    List<AgentCounts> agents = new ArrayList<>();
    long pending = 0;
    long processing = 0;
    long failed = 0;
    for (var agent : perAgent.entrySet()) {
      Map<EntryState, Long> counts = agent.getValue();
      AgentCounts row =
          new AgentCounts(
              agent.getKey(),
              counts.getOrDefault(EntryState.PENDING, 0L),
              counts.getOrDefault(EntryState.PROCESSING, 0L),
              snapshot.queue().deliveredTo(agent.getKey()),
              counts.getOrDefault(EntryState.FAILED, 0L),
              snapshot.agent(agent.getKey()).isPresent());
      agents.add(row);
      pending += row.pending();
      processing += row.processing();
      failed += row.failed();
    }
    long delivered =
        snapshot.queue().delivered().values().stream().mapToLong(Long::longValue).sum();
    List<Long> pids = processors.running();
    return new StatusReport(
        new Counts(pending, processing, delivered, failed),
        agents,
        new ProcessorStatus(!pids.isEmpty(), pids),
        null);
  }

  /** Where each entry of a message is now; empty if no entry of it is in {@code queue.json}. */
  public Optional<MessageStatus> message(String messageId) {
    return messageIn(store.read().queue(), messageId);
  }

  static Optional<MessageStatus> messageIn(QueueState queue, String messageId) {
    Optional<Message> message =
        queue.messages().stream().filter(m -> m.id().equals(messageId)).findFirst();
    if (message.isEmpty()) {
      return Optional.empty();
    }
    List<MessageStatus.RecipientState> recipients = new ArrayList<>();
    for (Entry e : queue.entries()) {
      if (e.messageId().equals(messageId)) {
        recipients.add(
            new MessageStatus.RecipientState(
                e.recipient(), e.id(), e.state(), e.attempts(), e.lastError(), e.deliveredAt()));
      }
    }
    Message m = message.get();
    return Optional.of(new MessageStatus(m.id(), m.sender(), m.createdAt(), recipients));
  }

  /**
   * Entries in queue order, filtered by state and agent (null for any), at most {@code limit} (0
   * for no limit).
   */
  public List<EntryView> list(EntryState state, String agent, int limit) {
    QueueState queue = store.read().queue();
    Map<String, Message> messages = queue.messagesById();
    List<EntryView> views = new ArrayList<>();
    for (Entry e : queue.entries()) {
      if ((state == null || e.state() == state) && (agent == null || e.recipient().equals(agent))) {
        views.add(EntryView.of(e, messages.get(e.messageId())));
        if (limit > 0 && views.size() == limit) {
          break;
        }
      }
    }
    return views;
  }

  public List<Agent> agents() {
    return store.read().agents();
  }
}
