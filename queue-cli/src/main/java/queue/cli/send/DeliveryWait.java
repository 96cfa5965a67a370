package queue.cli.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import queue.core.api.ChangeSignal;
import queue.core.api.MessageStatus;
import queue.core.api.MessageStatus.RecipientState;
import queue.core.api.QueueStore;
import queue.core.model.EntryState;

/**
 * Looks at a message's entries, without any lock, after every change the store signals (and at
 * least every {@link #POLL}), until each is DELIVERED or FAILED or the timeout passes. The store
 * finds a message whose entries retention moved to history too; an entry it cannot find at all was
 * purged after delivery, so it counts as delivered.
 */
final class DeliveryWait {
  private static final Duration POLL = Duration.ofMillis(200);

  private final QueueStore store;
  private final Clock clock;
  private final Duration timeout;

  DeliveryWait(QueueStore store, Clock clock, Duration timeout) {
    this.store = store;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** Where one recipient's entry ended up (or is, if the wait timed out). */
  record Outcome(String recipient, EntryState state, String error) {}

  /** The outcomes when the wait ended, and whether it ended by the timeout. */
  record Result(List<Outcome> outcomes, boolean timedOut) {
    long count(EntryState state) {
      return outcomes.stream().filter(o -> o.state() == state).count();
    }

    long unfinished() {
      return outcomes.stream().filter(o -> !o.state().isTerminal()).count();
    }
  }

  Result await(String messageId, List<String> recipients, Consumer<Result> progress)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    try (ChangeSignal changes = new ChangeSignal(store.changes())) {
      while (true) {
        List<Outcome> outcomes = poll(messageId, recipients);
        boolean settled = outcomes.stream().allMatch(o -> o.state().isTerminal());
        Duration left = Duration.between(clock.instant(), deadline);
        boolean late = left.isNegative() || left.isZero();
        Result result = new Result(outcomes, !settled && late);
        if (settled || late) {
          return result;
        }
        progress.accept(result);
        changes.await(left.compareTo(POLL) < 0 ? left : POLL);
      }
    }
  }

  private List<Outcome> poll(String messageId, List<String> recipients) {
    Optional<MessageStatus> status = store.reports().message(messageId);
    Map<String, RecipientState> byRecipient = new HashMap<>();
    status.ifPresent(s -> s.recipients().forEach(r -> byRecipient.put(r.recipient(), r)));
    List<Outcome> outcomes = new ArrayList<>(recipients.size());
    for (String recipient : recipients) {
      RecipientState state = byRecipient.get(recipient);
      outcomes.add(
          state == null
              ? new Outcome(recipient, EntryState.DELIVERED, null)
              : new Outcome(recipient, state.state(), state.lastError()));
    }
    return outcomes;
  }
}
