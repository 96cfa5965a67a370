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
   * once ({@code now}); the last key taken is at least every id's, so the ids taken after the
   * import sort after every imported one. A document is held to every rule of a state file, and to
   * one more (an unfinished entry is for an agent it registers); one that breaks a rule is refused
   * (exit 2), naming the problem; nothing is imported.
   */
  public static QueueState stateOf(ExportDocument document, Instant now) {
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
    }
    QueueState imported =
        new QueueState(
            seq,
            lastKey,
            document.delivered(),
            document.lastDeliveredAt(),
            document.messages(),
            entries);
    String problem = StateRules.problemIn(document.agents());
    problem = problem != null ? problem : StateRules.problemIn(imported);
    problem = problem != null ? problem : StateRules.problemIn(document.agents(), imported);
    if (problem != null) {
      throw Refusals.invalidImport(problem);
    }
    return imported;
  }
}
