package queue.core.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import queue.core.Ids;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.SendRules;
import queue.core.api.Sends;
import queue.core.error.Refusals;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.snapshot.SnapshotStore.Added;

/**
 * {@link Sends} as additions ({@link SnapshotStore#add}): a broadcast is one save. A send is
 * decided on the {@link Head} of the state; only a send with an idempotency key reads the whole
 * state, to find an earlier message.
 */
final class SnapshotSends implements Sends {
  private final SnapshotStore store;
  private final Clock clock;

  SnapshotSends(SnapshotStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public SendResult send(SendRequest request) {
    SendRules.check(request);
    // Bad recipients are refused on an unlocked read first, so a refused send touches no file,
    // not even the lock file; the transaction checks again under the lock.
    Head seen = store.head();
    if (findByKey(seen, request.idempotencyKey()).isEmpty()) {
      recipientsOf(seen, request);
    }
    return store.add(head -> queue(head, request));
  }

  private Added<SendResult> queue(Head head, SendRequest request) {
    Optional<Message> earlier = findByKey(head, request.idempotencyKey());
    if (earlier.isPresent()) {
      Message message = earlier.get();
      return Added.nothing(new SendResult(message.id(), message.recipients(), true));
    }
    List<String> recipients = recipientsOf(head, request);
    Instant now = clock.instant();
    long key = Ids.nextKey(head.lastKey(), now);
    Message message =
        new Message(
            Ids.format(key),
            request.sender(),
            request.body(),
            now,
            request.idempotencyKey(),
            recipients,
            request.ttl());
    Instant dueAt =
        request.notBefore() != null && request.notBefore().isAfter(now) ? request.notBefore() : now;
    List<Entry> entries = new ArrayList<>(recipients.size());
    long seq = head.nextSeq();
    for (String recipient : recipients) {
      entries.add(Entry.queued(Ids.format(++key), message, recipient, seq++, dueAt));
    }
    return new Added<>(message, entries, key, new SendResult(message.id(), recipients, false));
  }

  private static List<String> recipientsOf(Head current, SendRequest request) {
    if (request.broadcast()) {
      if (current.agents().isEmpty()) {
        throw Refusals.noAgentsToBroadcastTo();
      }
      List<String> all = new ArrayList<>(current.agents().size());
      for (Agent agent : current.agents()) {
        all.add(agent.name());
      }
      return List.copyOf(all);
    }
    Set<String> unknown = new LinkedHashSet<>();
    for (String name : request.to()) {
      if (current.agent(name).isEmpty()) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw Refusals.unknownRecipients(unknown);
    }
    return List.copyOf(new LinkedHashSet<>(request.to()));
  }

  private static Optional<Message> findByKey(Head head, String key) {
    if (key == null) {
      return Optional.empty();
    }
    for (Message message : head.whole().queue().messages()) {
      if (key.equals(message.idempotencyKey())) {
        return Optional.of(message);
      }
    }
    return Optional.empty();
  }
}
