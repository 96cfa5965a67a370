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
import queue.core.api.Sends;
import queue.core.error.Refusals;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.Snapshot;
import queue.core.rules.SendRules;
import queue.core.snapshot.SnapshotStore.Result;

/** {@link Sends} over whole-state transactions: a broadcast is one save. */
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
    Snapshot seen = store.read();
    if (findByKey(seen, request.idempotencyKey()).isEmpty()) {
      recipientsOf(seen, request);
    }
    return store.update(current -> queue(current, request));
  }

  private Result<SendResult> queue(Snapshot current, SendRequest request) {
    Optional<Message> earlier = findByKey(current, request.idempotencyKey());
    if (earlier.isPresent()) {
      Message message = earlier.get();
      return Result.unchanged(current, new SendResult(message.id(), message.recipients(), true));
    }
    List<String> recipients = recipientsOf(current, request);
    Instant now = clock.instant();
    long key = Ids.nextKey(current.queue().lastKey(), now);
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
    long seq = current.queue().nextSeq();
    for (String recipient : recipients) {
      entries.add(Entry.queued(Ids.format(++key), message, recipient, seq++, dueAt));
    }
    Snapshot next = current.withQueue(current.queue().withMessage(message, entries, key));
    return new Result<>(next, new SendResult(message.id(), recipients, false));
  }

  private static List<String> recipientsOf(Snapshot current, SendRequest request) {
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

  private static Optional<Message> findByKey(Snapshot current, String key) {
    if (key == null) {
      return Optional.empty();
    }
    for (Message message : current.queue().messages()) {
      if (key.equals(message.idempotencyKey())) {
        return Optional.of(message);
      }
    }
    return Optional.empty();
  }
}
