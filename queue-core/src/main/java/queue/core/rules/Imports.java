package queue.core.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import queue.core.Ids;
import queue.core.api.ExportDocument;
import queue.core.error.Refusals;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.model.StateRules;
import queue.core.model.Transition;

/** What an import makes of a document, the same in every store. */
public final class Imports {
  private Imports() {}

  /**
   * The state {@code document} makes in a new store: entries numbered in the order given, which is
   * queue order; a claim of the old store has no processor here, so what it held is due again at
   * once ({@code now}); the last key taken is at least every id's (thread and reply ids too), so
   * the ids taken after the import sort after every imported one and start no imported thread. A
   * document is held to every rule of a state file, and to one more (an unfinished entry is for an
   * agent it registers); one that breaks a rule is refused (exit 2), naming the problem; nothing is
   * imported.
   */
  public static QueueState stateOf(ExportDocument document, Instant now) {
    QueueState imported = build(document, now);
    String problem = problemIn(document, imported);
    if (problem != null) {
      throw Refusals.invalidImport(problem);
    }
    return imported;
  }

  /**
   * The first rule {@code document} breaks for an import, naming it, or null: what an export
   * checks, so that it never writes what an import refuses.
   */
  public static String problemIn(ExportDocument document, Instant now) {
    return problemIn(document, build(document, now));
  }

  // Ids are taken after the last one: a document whose ids run to the end of their space would
  // leave a store that can send nothing. 2^32 ids are 544 years of a send every 4 ms.
  private static final long ROOM_FOR_IDS = 1L << 32;

  private static QueueState build(ExportDocument document, Instant now) {
    List<Entry> entries = new ArrayList<>(document.entries().size());
    long seq = 1;
    long lastKey = document.lastKey();
    for (Entry e : document.entries()) {
      Entry held = e.state() == EntryState.PROCESSING ? e.after(Transition.handedBack(now)) : e;
      entries.add(held.renumbered(seq++));
      lastKey = Math.max(lastKey, Ids.keyOf(e.id()));
    }
    for (Message message : document.messages()) {
      lastKey = Math.max(lastKey, Ids.keyOf(message.id()));
      // A thread whose first message was retired is still named by its replies' threadId.
      lastKey = Math.max(lastKey, Ids.keyOf(message.threadId()));
      if (message.inReplyTo() != null) {
        lastKey = Math.max(lastKey, Ids.keyOf(message.inReplyTo()));
      }
    }
    return new QueueState(
        seq,
        lastKey,
        document.delivered(),
        document.lastDeliveredAt(),
        document.messages(),
        entries);
  }

  private static String problemIn(ExportDocument document, QueueState imported) {
    if (imported.lastKey() > Ids.MAX_KEY - ROOM_FOR_IDS) {
      return "lastKey or an id in it is "
          + imported.lastKey()
          + ", too close to the last id there is ("
          + Ids.format(Ids.MAX_KEY)
          + "): the queue would run out of ids";
    }
    String problem = StateRules.problemIn(document.agents());
    problem = problem != null ? problem : StateRules.problemIn(imported);
    return problem != null ? problem : StateRules.problemIn(document.agents(), imported);
  }
}
