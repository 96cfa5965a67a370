package queue.core.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import queue.core.Ids;
import queue.core.model.EntryState;

/**
 * Every message of one thread, oldest first, each with its recipients' states: what {@code queue
 * thread --json} prints and the MCP server's {@code get_thread} answers. Field names are part of
 * the contract: {@code {"threadId", "messages": [{"messageId", "inReplyTo", "from", "createdAt",
 * "body", "recipients": [{"recipient", "state"}]}]}}.
 */
public record ThreadView(String threadId, List<Item> messages) {

  public ThreadView {
    messages = List.copyOf(messages);
  }

  /**
   * One message of the thread.
   *
   * @param inReplyTo the message it answers; null for the thread's first
   */
  public record Item(
      String messageId,
      String inReplyTo,
      String from,
      Instant createdAt,
      String body,
      List<Recipient> recipients) {

    public Item {
      recipients = List.copyOf(recipients);
    }
  }

  /** One recipient of a message, and where its entry is: DELIVERED once retired to history. */
  public record Recipient(String recipient, EntryState state) {}

  /**
   * One entry of a message of the thread, as a store reads it, still queued or retired to history.
   */
  public record Row(
      String messageId,
      String inReplyTo,
      String from,
      Instant createdAt,
      String body,
      String entryId,
      String recipient,
      EntryState state) {}

  // Ids of this scheme sort in queue order, which on a shared store is commit order whatever the
  // senders' clocks said; the random ids of before it (UUIDs) sort before them, by time.
  private static final Comparator<Row> QUEUE_ORDER =
      Comparator.comparing((Row row) -> Ids.sortsInQueueOrder(row.messageId()))
          .thenComparing(
              row -> Ids.sortsInQueueOrder(row.messageId()) ? Instant.EPOCH : row.createdAt())
          .thenComparing(Row::messageId);

  /**
   * The thread of {@code rows}, every entry of its messages in any order: each message once, oldest
   * first (in queue order), its recipients in queue order; an entry read twice (queued, and in
   * history after a crash between the two) counts once, as first given.
   */
  public static ThreadView of(String threadId, List<Row> rows) {
    Map<String, Row> firstOfMessage = new LinkedHashMap<>();
    Map<String, Map<String, Row>> entriesOfMessage = new LinkedHashMap<>();
    for (Row row : rows) {
      firstOfMessage.putIfAbsent(row.messageId(), row);
      entriesOfMessage
          .computeIfAbsent(row.messageId(), m -> new TreeMap<>())
          .putIfAbsent(row.entryId(), row);
    }
    List<Row> heads = new ArrayList<>(firstOfMessage.values());
    heads.sort(QUEUE_ORDER);
    List<Item> items = new ArrayList<>(heads.size());
    for (Row head : heads) {
      List<Recipient> recipients = new ArrayList<>();
      for (Row entry : entriesOfMessage.get(head.messageId()).values()) {
        recipients.add(new Recipient(entry.recipient(), entry.state()));
      }
      items.add(
          new Item(
              head.messageId(),
              head.inReplyTo(),
              head.from(),
              head.createdAt(),
              head.body(),
              recipients));
    }
    return new ThreadView(threadId, items);
  }
}
