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
import queue.core.rules.Replies;
import queue.core.rules.Replies.Original;
import queue.core.rules.SendRules;
import queue.core.snapshot.SnapshotStore.Result;

/** {@link Sends} over whole-state transactions: a broadcast is one save. */
final class SnapshotSends implements Sends {
  private final SnapshotStore store;
  private final Clock clock;
  private final MessageFinder finder;

  SnapshotSends(SnapshotStore store, Clock clock, MessageFinder finder) {
    this.store = store;
    this.clock = clock;
    this.finder = finder;
  }

  @Override
  public SendResult send(SendRequest request) {
    SendRules.check(request);
    // Bad recipients are refused on an unlocked read first, so a refused send touches no file,
    // not even the lock file; the transaction checks again under the lock. The message a reply
    // answers never changes once sent, so it is found here, outside the transaction.
    Snapshot seen = store.read();
    Original original =
        request.replyTo() == null
            ? null
            : finder.find(seen.queue(), request.replyTo().id()).orElse(null);
    if (findByKey(seen, request.idempotencyKey()).isEmpty()) {
      recipientsOf(seen, request, original);
    }
    return store.update(current -> queue(current, request, original));
  }

  private Result<SendResult> queue(Snapshot current, SendRequest request, Original original) {
    Optional<Message> earlier = findByKey(current, request.idempotencyKey());
    if (earlier.isPresent()) {
      Message message = earlier.get();
      return Result.unchanged(current, resultOf(message, message.recipients(), true));
    }
    List<String> recipients = recipientsOf(current, request, original);
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
                request.ttl())
            .inThread(
                original == null ? null : original.threadId(),
                original == null ? null : original.messageId());
    Instant dueAt =
        request.notBefore() != null && request.notBefore().isAfter(now) ? request.notBefore() : now;
    List<Entry> entries = new ArrayList<>(recipients.size());
    long seq = current.queue().nextSeq();
    for (String recipient : recipients) {
      entries.add(Entry.queued(Ids.format(++key), message, recipient, seq++, dueAt));
    }
    Snapshot next = current.withQueue(current.queue().withMessage(message, entries, key));
    return new Result<>(next, resultOf(message, recipients, false));
  }

  private static SendResult resultOf(Message message, List<String> recipients, boolean duplicate) {
    return new SendResult(message.id(), recipients, duplicate, message.threadId());
  }

  private static List<String> recipientsOf(
      Snapshot current, SendRequest request, Original original) {
    if (request.replyTo() != null && original == null) {
      throw Refusals.noSuchMessage(request.replyTo().id());
    }
    if (request.repliesToSender()) {
      List<String> names = Replies.recipients(original, request);
      List<String> unknown = unknown(current, names);
      if (!unknown.isEmpty()) {
        throw Replies.refusal(original, unknown);
      }
      return names;
    }
    if (request.broadcast()) {
      return everyoneBut(current, request);
    }
    List<String> unknown = unknown(current, request.to());
    if (!unknown.isEmpty()) {
      throw Refusals.unknownRecipients(unknown);
    }
    return List.copyOf(new LinkedHashSet<>(request.to()));
  }

  // A broadcast is not delivered back to its sender, unless it asks to be.
  private static List<String> everyoneBut(Snapshot current, SendRequest request) {
    if (current.agents().isEmpty()) {
      throw Refusals.noAgentsToBroadcastTo();
    }
    List<String> all = new ArrayList<>(current.agents().size());
    for (Agent agent : current.agents()) {
      if (request.includeSelf() || !agent.name().equals(request.sender())) {
        all.add(agent.name());
      }
    }
    if (all.isEmpty()) {
      throw Refusals.nobodyElseToBroadcastTo(request.sender());
    }
    return List.copyOf(all);
  }

  private static List<String> unknown(Snapshot current, List<String> names) {
    Set<String> unknown = new LinkedHashSet<>();
    for (String name : names) {
      if (current.agent(name).isEmpty()) {
        unknown.add(name);
      }
    }
    return List.copyOf(unknown);
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
