package queue.core.snapshot;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import queue.core.Ids;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Notices;
import queue.core.model.QueueState;

/**
 * Queues, inside the whole-state transaction that failed some entries, the non-delivery notices
 * they owe ({@link Notices}, the rule of every store).
 */
final class SnapshotNotices {
  private SnapshotNotices() {}

  /**
   * {@code changed}, made from {@code before} by {@link QueueState#mapEntries} (entry for entry, in
   * the same places), with a notice queued at its end for each entry that became FAILED in it and
   * owes one; each notice takes its ids from the id clock, as a send does.
   *
   * @param agents the registered agents: a notice goes only to a sender that is one
   */
  static QueueState queueOwed(
      List<Agent> agents, QueueState before, QueueState changed, Instant now) {
    return queueOwed(agents, before, changed, changed.placesChangedSince(before), now);
  }

  /** The same, for a {@code changed} that differs from {@code before} only at {@code places}. */
  static QueueState queueOwed(
      List<Agent> agents,
      QueueState before,
      QueueState changed,
      Collection<Integer> places,
      Instant now) {
    QueueState next = changed;
    for (int i : places) {
      Entry was = before.entries().get(i);
      Entry failed = changed.entries().get(i);
      if (failed == was
          || failed.state() != EntryState.FAILED
          || was.state() == EntryState.FAILED) {
        continue;
      }
      Message message = changed.message(failed.messageId()).orElseThrow();
      if (Notices.owed(message, failed, isRegistered(agents, message.sender()))) {
        long key = Ids.nextKey(next.lastKey(), now);
        Message notice = Notices.about(Ids.format(key), message, failed, now);
        Entry entry =
            Entry.queued(Ids.format(key + 1), notice, message.sender(), next.nextSeq(), now);
        next = next.withMessage(notice, List.of(entry), key + 1);
      }
    }
    return next;
  }

  private static boolean isRegistered(List<Agent> agents, String name) {
    for (Agent agent : agents) {
      if (agent.name().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
