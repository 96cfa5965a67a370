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
import queue.core.error.Refusals;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.rules.SendRecipients;
import queue.core.rules.SendRules;
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
    // What a send is refused for is checked on an unlocked read first, so a refused send touches no
    // file, not even the lock file; the transaction checks again under the lock.
    Head seen = store.head();
    repeatOf(seen, request, recipientsOf(seen, request));
    return store.add(head -> queue(head, request));
  }

  private Added<SendResult> queue(Head head, SendRequest request) {
    SendRecipients found = recipientsOf(head, request);
    Optional<Message> earlier = repeatOf(head, request, found);
    if (earlier.isPresent()) {
      Message message = earlier.get();
      return Added.nothing(new SendResult(message.id(), message.recipients(), true));
    }
    List<String> recipients = found.agents();
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

  /**
   * The message whose idempotency key the send repeats, if it is a repeat; empty for a new send
   * whose recipients are all found. Anything else is refused.
   */
  private static Optional<Message> repeatOf(
      Head current, SendRequest request, SendRecipients found) {
    Optional<Message> earlier = findByKey(current, request.idempotencyKey());
    if (earlier.isEmpty()) {
      found.requireFound();
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
   * now) in the order they were registered, a broadcast's every agent in that order.
   */
  private static SendRecipients recipientsOf(Head current, SendRequest request) {
    if (request.broadcast()) {
      if (current.agents().isEmpty()) {
        throw Refusals.noAgentsToBroadcastTo();
      }
      List<String> all = new ArrayList<>(current.agents().size());
      for (Agent agent : current.agents()) {
        all.add(agent.name());
      }
      return new SendRecipients(all, List.of(), List.of());
    }
    Set<String> agents = new LinkedHashSet<>();
    Set<String> unknown = new LinkedHashSet<>();
    Set<String> emptyGroups = new LinkedHashSet<>();
    for (String recipient : request.to()) {
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

  private static List<String> membersOf(Head current, String group) {
    List<String> members = new ArrayList<>();
    for (Agent agent : current.agents()) {
      if (agent.groups().contains(group)) {
        members.add(agent.name());
      }
    }
    return members;
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
