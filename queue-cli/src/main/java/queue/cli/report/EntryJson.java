package queue.cli.report;

import java.time.Instant;
import queue.core.api.EntryView;
import queue.core.model.Entry;

/** One entry as {@code list --json} prints it: every field of the contract. */
record EntryJson(
    String id,
    String messageId,
    String recipient,
    String sender,
    String body,
    Instant createdAt,
    String state,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant deliveredAt,
    Instant expiresAt,
    String leaseOwner,
    Instant leaseExpiresAt) {

  static EntryJson of(EntryView view) {
    Entry e = view.entry();
    return new EntryJson(
        e.id(),
        e.messageId(),
        e.recipient(),
        e.sender(),
        view.body(),
        e.createdAt(),
        e.state().name(),
        e.attempts(),
        e.nextAttemptAt(),
        e.lastError(),
        e.deliveredAt(),
        e.expiresAt(),
        e.leaseOwner(),
        e.leaseExpiresAt());
  }
}
