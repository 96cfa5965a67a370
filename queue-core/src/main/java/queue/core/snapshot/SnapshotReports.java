package queue.core.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import queue.core.api.EntryView;
import queue.core.api.MessageStatus;
import queue.core.api.Reports;
import queue.core.api.StatusReport;
import queue.core.api.StatusReport.AgentStatus;
import queue.core.api.StatusReport.Counts;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.model.Snapshot;
import queue.core.rules.IdPrefixes;

/** {@link Reports} from one unlocked snapshot each. */
final class SnapshotReports implements Reports {
  private final SnapshotStore store;
  private final Clock clock;
  private final History history;

  SnapshotReports(SnapshotStore store, Clock clock, History history) {
    this.store = store;
    this.clock = clock;
    this.history = history;
  }

  @Override
  public StatusReport status() {
    Snapshot snapshot = store.read();
    Instant now = clock.instant();
    // Loops, no lambdas or streams: status is what scripts call in loops, and each lambda's
    // first call costs a cold start more than the loop it replaces.
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (Agent agent : snapshot.agents()) {
      tallies.put(agent.name(), new Tally());
    }
    for (Entry entry : snapshot.queue().entries()) {
      Tally tally = tallies.get(entry.recipient());
      if (tally == null) {
        tally = new Tally();
        tallies.put(entry.recipient(), tally);
      }
      tally.add(entry, now);
    }
    List<AgentStatus> agents = new ArrayList<>();
    Counts totals = Counts.ZERO;
    for (var tally : tallies.entrySet()) {
      String name = tally.getKey();
      Agent agent = snapshot.agent(name).orElse(null);
      AgentStatus row =
          tally
              .getValue()
              .toStatus(
                  name,
                  agent,
                  snapshot.queue().deliveredTo(name),
                  snapshot.queue().lastDeliveredAt().get(name));
      agents.add(row);
      totals = totals.plus(row.counts());
    }
    return new StatusReport(totals.withDeliveredOf(snapshot.queue().delivered()), agents);
  }

  /** One agent's entries, counted. */
  private static final class Tally {
    long pending;
    long scheduled;
    long processing;
    long failed;
    Entry lastWithError;
    Instant oldestPendingSince;

    void add(Entry entry, Instant now) {
      switch (entry.state()) {
        case PENDING -> {
          pending++;
          if (entry.isScheduled(now)) {
            scheduled++;
          } else {
            Instant since = pendingSince(entry);
            if (oldestPendingSince == null || since.isBefore(oldestPendingSince)) {
              oldestPendingSince = since;
            }
          }
        }
        case PROCESSING -> processing++;
        case FAILED -> failed++;
        case DELIVERED -> {
          // Counted by the store's delivered counters, which retention does not lower.
        }
      }
      if (entry.lastError() != null) {
        lastWithError = entry;
      }
    }

    // A scheduled entry waits from its time, not from when it was sent.
    private static Instant pendingSince(Entry entry) {
      return entry.attempts() == 0 && entry.nextAttemptAt().isAfter(entry.createdAt())
          ? entry.nextAttemptAt()
          : entry.createdAt();
    }

    AgentStatus toStatus(String name, Agent agent, long delivered, Instant lastDeliveredAt) {
      return new AgentStatus(
          name,
          agent != null,
          agent == null ? null : agent.transport(),
          agent != null && agent.paused(),
          agent == null ? List.of() : agent.groups(),
          new Counts(pending, scheduled, processing, delivered, failed),
          lastDeliveredAt,
          lastWithError == null ? null : lastWithError.lastError(),
          oldestPendingSince);
    }
  }

  @Override
  public List<EntryView> list(EntryState state, String agent, int limit) {
    QueueState queue = store.read().queue();
    Map<String, Message> messages = queue.messagesById();
    List<EntryView> views = new ArrayList<>();
    for (Entry e : queue.entries()) {
      if ((state == null || e.state() == state) && (agent == null || e.recipient().equals(agent))) {
        Message message = messages.get(e.messageId());
        views.add(new EntryView(e, message == null ? null : message.body()));
        if (limit > 0 && views.size() == limit) {
          break;
        }
      }
    }
    return views;
  }

  @Override
  public Optional<MessageStatus> message(String idOrPrefix) {
    QueueState queue = store.read().queue();
    String id =
        IdPrefixes.resolve(
            idOrPrefix, queue.messages().stream().map(Message::id).toList(), "message");
    if (id == null) {
      return fromHistory(idOrPrefix);
    }
    Message message = queue.messagesById().get(id);
    MessageStatus queued = statusOf(message, queue.entries());
    if (queued.recipients().size() >= message.recipients().size()) {
      return Optional.of(queued);
    }
    // Retention moves a message's entries one by one: those it moved are in history.
    List<MessageStatus.RecipientState> recipients = new ArrayList<>(queued.recipients());
    for (History.Retired view : history.findByMessagePrefix(id)) {
      if (view.entry().messageId().equals(id)) {
        recipients.add(MessageStatus.RecipientState.of(view.entry()));
      }
    }
    return Optional.of(
        new MessageStatus(
            id, message.sender(), message.body(), message.createdAt(), inQueueOrder(recipients)));
  }

  private Optional<MessageStatus> fromHistory(String idOrPrefix) {
    List<History.Retired> retired =
        history.findByMessagePrefix(idOrPrefix.trim().toLowerCase(java.util.Locale.ROOT));
    if (retired.isEmpty()) {
      return Optional.empty();
    }
    List<String> ids = retired.stream().map(v -> v.entry().messageId()).distinct().toList();
    String id = IdPrefixes.resolve(idOrPrefix, ids, "message");
    // The queue is read again: an entry may have been retired since the read above.
    QueueState queue = store.read().queue();
    List<MessageStatus.RecipientState> recipients = new ArrayList<>();
    for (Entry entry : queue.entries()) {
      if (entry.messageId().equals(id)) {
        recipients.add(MessageStatus.RecipientState.of(entry));
      }
    }
    History.Retired first = null;
    for (History.Retired view : retired) {
      if (view.entry().messageId().equals(id)) {
        first = first == null ? view : first;
        recipients.add(MessageStatus.RecipientState.of(view.entry()));
      }
    }
    Entry head = first.entry();
    return Optional.of(
        new MessageStatus(
            id, head.sender(), first.body(), head.createdAt(), inQueueOrder(recipients)));
  }

  // Each entry once (the queued one, if a crash left it in history too), in queue order.
  private static List<MessageStatus.RecipientState> inQueueOrder(
      List<MessageStatus.RecipientState> recipients) {
    Map<String, MessageStatus.RecipientState> byEntry = new TreeMap<>();
    recipients.forEach(r -> byEntry.putIfAbsent(r.entryId(), r));
    return List.copyOf(byEntry.values());
  }

  @Override
  public List<MessageStatus> recentMessages(int limit) {
    QueueState queue = store.read().queue();
    Map<String, List<Entry>> byMessage = new LinkedHashMap<>();
    for (Entry entry : queue.entries()) {
      byMessage.computeIfAbsent(entry.messageId(), m -> new ArrayList<>()).add(entry);
    }
    List<Message> messages = queue.messages();
    List<MessageStatus> recent = new ArrayList<>();
    for (int i = messages.size() - 1; i >= 0 && recent.size() < limit; i--) {
      Message message = messages.get(i);
      recent.add(statusOf(message, byMessage.getOrDefault(message.id(), List.of())));
    }
    return recent;
  }

  private static MessageStatus statusOf(Message message, List<Entry> entries) {
    List<MessageStatus.RecipientState> recipients = new ArrayList<>();
    for (Entry e : entries) {
      if (e.messageId().equals(message.id())) {
        recipients.add(MessageStatus.RecipientState.of(e));
      }
    }
    return new MessageStatus(
        message.id(), message.sender(), message.body(), message.createdAt(), recipients);
  }
}
