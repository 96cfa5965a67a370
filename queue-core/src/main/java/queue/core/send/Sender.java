package queue.core.send;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import queue.core.Ids;
import queue.core.agents.AgentNames;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.Snapshot;
import queue.core.store.QueueStore;
import queue.core.store.QueueStore.Result;

/**
 * Queues a message for its recipients: one message, one entry per recipient, all committed in one
 * save. An unknown recipient refuses the whole send; nothing is partly queued.
 */
public final class Sender {
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  private static final int MAX_SENDER_LENGTH = 256;
  private static final int MAX_KEY_LENGTH = 256;

  private final QueueStore store;
  private final Clock clock;
  private final int maxBodyBytes;

  public Sender(QueueStore store, Clock clock, int maxBodyBytes) {
    this.store = store;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  public SendResult send(SendRequest request) {
    validate(request);
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
    Message message =
        new Message(
            Ids.newId(),
            request.sender(),
            request.body(),
            now,
            request.idempotencyKey(),
            recipients);
    List<Entry> entries = new ArrayList<>(recipients.size());
    long seq = current.queue().nextSeq();
    for (String recipient : recipients) {
      entries.add(Entry.queued(Ids.newId(), message, recipient, seq++));
    }
    Snapshot next = current.withQueue(current.queue().withMessage(message, entries));
    return new Result<>(next, new SendResult(message.id(), recipients, false));
  }

  private static List<String> recipientsOf(Snapshot current, SendRequest request) {
    if (request.broadcast()) {
      if (current.agents().isEmpty()) {
        throw new InvalidInputException(
            "cannot broadcast: no agents are registered; add one with 'queue agents add NAME'");
      }
      return current.agents().stream().map(Agent::name).toList();
    }
    List<String> unknown =
        request.to().stream().filter(name -> current.agent(name).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          "unknown recipient"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown)
              + ": nothing was queued; see 'queue agents list'");
    }
    return List.copyOf(new LinkedHashSet<>(request.to()));
  }

  private static Optional<Message> findByKey(Snapshot current, String key) {
    if (key == null) {
      return Optional.empty();
    }
    return current.queue().messages().stream()
        .filter(m -> key.equals(m.idempotencyKey()))
        .findFirst();
  }

  private void validate(SendRequest request) {
    if (request.broadcast() == !request.to().isEmpty()) {
      throw new InvalidInputException(
          request.broadcast()
              ? "--to and --broadcast cannot be used together: choose one"
              : "no recipient: give --to NAME[,NAME...] or --broadcast");
    }
    request.to().forEach(AgentNames::require);
    requireText("sender", request.sender(), MAX_SENDER_LENGTH);
    if (request.idempotencyKey() != null) {
      requireText("idempotency key", request.idempotencyKey(), MAX_KEY_LENGTH);
    }
    if (request.body() == null || request.body().isEmpty()) {
      throw new InvalidInputException(
          "empty message body: give the text as an argument or on stdin");
    }
    int bytes = request.body().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBodyBytes) {
      throw new InvalidInputException(
          "message body is " + bytes + " bytes, over the limit of " + maxBodyBytes + " bytes");
    }
  }

  private static void requireText(String what, String value, int maxLength) {
    if (value == null
        || value.isBlank()
        || value.length() > maxLength
        || value.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException(
          "invalid " + what + " '" + value + "': use 1-" + maxLength + " printable characters");
    }
  }
}
