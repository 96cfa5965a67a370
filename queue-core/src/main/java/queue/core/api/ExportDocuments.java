package queue.core.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import queue.core.error.InvalidInputException;
import queue.core.json.Json;
import queue.core.json.JsonProblems;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.QueueState;
import tools.jackson.core.JacksonException;

/** Reads and writes {@link ExportDocument}s: one JSON object, read with the mapper's limits. */
public final class ExportDocuments {
  private ExportDocuments() {}

  public static byte[] write(ExportDocument document) {
    return Json.mapper().writeValueAsBytes(document);
  }

  /**
   * Parses a document; anything that is not one of this version is exit 2, naming {@code source}.
   */
  public static ExportDocument read(byte[] bytes, String source) {
    ExportDocument document;
    try {
      document = Json.mapper().readValue(bytes, ExportDocument.class);
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      String reason = e instanceof JacksonException j ? JsonProblems.describe(j) : e.getMessage();
      throw new InvalidInputException(
          source + " is not a queue export: " + reason + "; make one with 'queue export'");
    }
    if (document == null) {
      throw new InvalidInputException(source + " is empty: make an export with 'queue export'");
    }
    if (document.version() != ExportDocument.VERSION) {
      throw new InvalidInputException(
          source
              + " is an export of version "
              + document.version()
              + "; this queue reads version "
              + ExportDocument.VERSION);
    }
    return document;
  }

  /**
   * The state a document makes in a new store, the same in every store: entries numbered in the
   * order given, which is queue order; a claim of the old store has no processor here, so what it
   * held is due again at once ({@code now}).
   */
  public static QueueState importedState(ExportDocument document, Instant now) {
    List<Entry> entries = new ArrayList<>(document.entries().size());
    long seq = 1;
    for (Entry e : document.entries()) {
      Entry held = e.state() == EntryState.PROCESSING ? e.pendingAgain(now) : e;
      entries.add(
          new Entry(
              held.id(),
              held.messageId(),
              held.recipient(),
              held.sender(),
              seq++,
              held.createdAt(),
              held.state(),
              held.attempts(),
              held.nextAttemptAt(),
              held.lastError(),
              held.deliveredAt(),
              held.expiresAt(),
              held.leaseOwner(),
              held.leaseToken(),
              held.leaseExpiresAt()));
    }
    return new QueueState(
        seq,
        document.lastKey(),
        document.delivered(),
        document.lastDeliveredAt(),
        document.messages(),
        entries);
  }
}
