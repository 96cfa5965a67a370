package queue.core.api;

import java.time.Instant;
import java.util.List;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/** One message and where each of its entries is now. */
public record MessageStatus(
    String messageId,
    String sender,
    String body,
    Instant createdAt,
    List<RecipientState> recipients) {

  public MessageStatus {
    recipients = List.copyOf(recipients);
  }

  public record RecipientState(
      String recipient,
      String entryId,
      EntryState state,
      int attempts,
      String lastError,
      Instant deliveredAt,
      Instant nextAttemptAt) {

    /** Where {@code entry} is now. */
    public static RecipientState of(Entry entry) {
      return new RecipientState(
          entry.recipient(),
          entry.id(),
          entry.state(),
          entry.attempts(),
          entry.lastError(),
          entry.deliveredAt(),
          entry.nextAttemptAt());
    }
  }

  public long count(EntryState state) {
    return recipients.stream().filter(r -> r.state() == state).count();
  }

  /** True when every entry is DELIVERED or FAILED. */
  public boolean isSettled() {
    return recipients.stream().allMatch(r -> r.state().isTerminal());
  }
}
