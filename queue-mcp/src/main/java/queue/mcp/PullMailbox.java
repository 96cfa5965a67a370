package queue.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import queue.core.api.ChangeSignal;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.DueEntry;
import queue.core.api.LeaseRef;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.documents.AgentMessage;

/**
 * A pull agent's messages, as {@code queue receive} takes them: each claimed with a lease, and
 * settled DELIVERED when acknowledged. A claim never acknowledged (the server killed, the result
 * never written) runs out with its lease and the entry is due again; at an orderly end the server
 * hands its claims back at once. Waits on the store's change signal, which a send fires.
 */
final class PullMailbox implements Mailbox {
  private final QueueStore store;
  private final String agent;
  private final String owner;
  private final Duration lease;
  private final Set<LeaseRef> unacknowledged = new LinkedHashSet<>();
  private ChangeSignal changes;
  private boolean closed;

  /**
   * @param owner names the server in listings and in doctor's lease check
   * @param lease how long a message taken but not yet written stays away from other receivers
   */
  PullMailbox(QueueStore store, String agent, String owner, Duration lease) {
    this.store = store;
    this.agent = agent;
    this.owner = owner;
    this.lease = lease;
  }

  @Override
  public synchronized Taken take(int limit) {
    if (closed) {
      return Taken.NONE;
    }
    List<Object> messages = new ArrayList<>();
    List<LeaseRef> leases = new ArrayList<>();
    List<LeaseRef> over = new ArrayList<>();
    long chars = 0;
    for (List<Claim> batch :
        store.leases().claim(ClaimRequest.receiver(owner, agent, lease, limit))) {
      for (Claim claim : batch) {
        chars += claim.message().body().length();
        if (!over.isEmpty() || (!messages.isEmpty() && chars > MAX_BODY_CHARS)) {
          over.add(claim.lease());
        } else {
          messages.add(AgentMessage.of(claim));
          leases.add(claim.lease());
        }
      }
    }
    // Due again at once, attempts unchanged, behind the ones taken: the next take's.
    if (!over.isEmpty()) {
      store.leases().handBack(over);
    }
    if (messages.isEmpty()) {
      return Taken.NONE;
    }
    unacknowledged.addAll(leases);
    return new Taken(messages, () -> delivered(leases));
  }

  @Override
  public List<Object> peek(int limit) {
    List<Object> messages = new ArrayList<>();
    long chars = 0;
    for (DueEntry due : store.conversations().peek(agent, limit)) {
      chars += due.message().body().length();
      if (!messages.isEmpty() && chars > MAX_BODY_CHARS) {
        break;
      }
      messages.add(AgentMessage.of(due.entry(), due.message()));
    }
    return messages;
  }

  private void delivered(List<LeaseRef> leases) {
    List<Completion> completions = new ArrayList<>(leases.size());
    for (LeaseRef ref : leases) {
      completions.add(new Completion(ref, new Outcome.Delivered()));
    }
    store.leases().settle(completions);
    synchronized (this) {
      leases.forEach(unacknowledged::remove);
    }
  }

  @Override
  public synchronized boolean settling() {
    return !unacknowledged.isEmpty();
  }

  @Override
  public void await(Duration atMost) throws InterruptedException {
    signal().await(atMost);
  }

  // Subscribed on the first wait: a server that is never asked to wait never watches.
  private synchronized ChangeSignal signal() {
    if (changes == null) {
      changes = new ChangeSignal(store.changes());
    }
    return changes;
  }

  @Override
  public void close() {
    List<LeaseRef> giveBack;
    synchronized (this) {
      closed = true;
      giveBack = List.copyOf(unacknowledged);
      unacknowledged.clear();
      if (changes != null) {
        changes.close();
      }
    }
    if (!giveBack.isEmpty()) {
      store.leases().handBack(giveBack);
    }
  }
}
