package queue.core.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import queue.core.Ids;
import queue.core.agents.Groups;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.Sends;
import queue.core.error.InvalidInputException;
import queue.core.error.Refusals;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.rules.Replies;
import queue.core.rules.Replies.Original;
import queue.core.rules.SendRecipients;
import queue.core.rules.SendRules;
import queue.core.snapshot.SnapshotStore.Added;

/**
 * {@link Sends} as additions ({@link SnapshotStore#add}): a broadcast is one save. A send is
 * decided on the {@link Head} of the state; only a send with an idempotency key or a reply reads
 * the whole state, to find an earlier message or the one it answers.
 */
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
    // What a send is refused for is checked before the lock, so a refused send touches no file,
    // not even the lock file; the transaction checks again under the lock. The message a reply
    // answers never changes once sent, so it is found here, outside the transaction.
    Original original = checkedBeforeTheLock(request);
    return store.add(head -> queue(head, request, original));
  }

  // The message the send answers (null for none), once the send is found acceptable.
  private Original checkedBeforeTheLock(SendRequest request) {
    if (acceptedByLastHead(request)) {
      return null;
    }
    Head seen = store.head();
    Original original = answered(seen, request);
    repeatOf(seen, request, recipientsOf(seen, request, original), original);
    return original;
  }

  // A plain send (no reply, no idempotency key: nothing to find in the whole state) that the head
  // this store already holds accepts needs no read before the lock: a running writer's sends read
  // the files once, under the lock. One it refuses is checked again on a fresh read (an agent may
  // have been registered since), which refuses it for good.
  private boolean acceptedByLastHead(SendRequest request) {
    if (request.replyTo() != null || request.idempotencyKey() != null) {
      return false;
    }
    Optional<Head> last = store.lastHead();
    if (last.isEmpty()) {
      return false;
    }
    try {
      repeatOf(last.get(), request, recipientsOf(last.get(), request, null), null);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private Original answered(Head seen, SendRequest request) {
    if (request.replyTo() == null) {
      return null;
    }
    String typed = request.replyTo().id();
    return finder
        .find(seen.whole().queue(), typed)
        .orElseThrow(() -> Refusals.noSuchMessage(typed));
  }

  private Added<SendResult> queue(Head current, SendRequest request, Original original) {
    SendRecipients found = recipientsOf(current, request, original);
    Optional<Message> earlier = repeatOf(current, request, found, original);
    if (earlier.isPresent()) {
      Message message = earlier.get();
      return Added.nothing(resultOf(message, message.recipients(), true));
    }
    List<String> recipients = found.agents();
    Instant now = clock.instant();
    long key = Ids.nextKey(current.lastKey(), now);
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
    long seq = current.nextSeq();
    for (String recipient : recipients) {
      entries.add(Entry.queued(Ids.format(++key), message, recipient, seq++, dueAt));
    }
    return new Added<>(message, entries, key, resultOf(message, recipients, false));
  }

  private static SendResult resultOf(Message message, List<String> recipients, boolean duplicate) {
    return new SendResult(message.id(), recipients, duplicate, message.threadId());
  }

  /**
   * The message whose idempotency key the send repeats, if it is a repeat; empty for a new send
   * whose recipients are all found. Anything else is refused.
   */
  private static Optional<Message> repeatOf(
      Head current, SendRequest request, SendRecipients found, Original original) {
    Optional<Message> earlier = findByKey(current, request.idempotencyKey());
    if (earlier.isEmpty()) {
      Replies.requireFound(request, found, original);
      return earlier;
    }
    Message first = earlier.get();
    SendRules.requireRepeat(
        request.idempotencyKey(),
        first.id(),
        first.recipients(),
        first.body().equals(request.body()),
        found);
    return earlier;
  }

  /**
   * The recipients of a send, each once, in the order given: a group's members (the agents in it
   * now) in the order they were registered, a broadcast's every agent but its sender in that order,
   * a reply's as {@link Replies#recipients} says.
   */
  private static SendRecipients recipientsOf(Head current, SendRequest request, Original original) {
    if (request.broadcast()) {
      return everyoneBut(current, request);
    }
    List<String> named =
        request.repliesToSender() ? Replies.recipients(original, request) : request.to();
    Set<String> agents = new LinkedHashSet<>();
    Set<String> unknown = new LinkedHashSet<>();
    Set<String> emptyGroups = new LinkedHashSet<>();
    for (String recipient : named) {
      if (Groups.isGroup(recipient)) {
        String group = Groups.groupOf(recipient);
        List<String> members = membersOf(current, group);
        if (members.isEmpty()) {
          emptyGroups.add(group);
        }
        agents.addAll(members);
      } else if (current.agent(recipient).isPresent()) {
        agents.add(recipient);
      } else {
        unknown.add(recipient);
      }
    }
    return new SendRecipients(List.copyOf(agents), List.copyOf(unknown), List.copyOf(emptyGroups));
  }

  // A broadcast is not delivered back to its sender, unless it asks to be.
  private static SendRecipients everyoneBut(Head current, SendRequest request) {
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
    return new SendRecipients(all, List.of(), List.of());
  }

  private static List<String> membersOf(Head current, String group) {
    List<String> members = new ArrayList<>();
    for (Agent agent : current.agents()) {
      if (agent.groups().contains(group)) {
        members.add(agent.name());
      }
    }
    return members;
  }

  private static Optional<Message> findByKey(Head current, String key) {
    if (key == null) {
      return Optional.empty();
    }
    for (Message message : current.whole().queue().messages()) {
      if (key.equals(message.idempotencyKey())) {
        return Optional.of(message);
      }
    }
    return Optional.empty();
  }
}
