package queue.processor.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import queue.processor.bench.Trace.Span;

/**
 * Splits each latency sample (send committed to inbox file seen) into the steps of the processor's
 * trace: the wake-up, the claim's lock and read of the records appended since, its transaction, its
 * record's append and fsync to the journal (the commit), the hand-over to a worker, and the inbox
 * file's write, fsync and rename.
 */
final class Timeline {
  /** One latency sample: when the send returned, and when and as what its file appeared. */
  record Sample(long committed, InboxWatch.Arrival arrival) {}

  private static final String[] STEPS = {
    "send returned -> watch woke the processor (negative: woken by the send's append, before"
        + " its fsync returned)",
    "watch wake-up -> claim starts (loop thread)",
    "claim: lock + read of the records appended since",
    "claim: transaction",
    "claim: record encoded, journal opened",
    "claim: append + fsync to the journal (the commit)",
    "claim saved -> delivery starts (unlock, hand-over to a worker, payload)",
    "delivery starts -> inbox temp file created (inbox checks)",
    "inbox: write + fsync temp file",
    "inbox: rename into new/ (visible)",
    "rename -> seen by the bench's watch",
    "total: send returned -> seen",
  };

  private final List<Span> spans;

  Timeline(List<Span> spans) {
    this.spans = spans.stream().sorted(Comparator.comparingLong(Span::start)).toList();
  }

  void print(List<Sample> samples) {
    List<long[]> rows = new ArrayList<>();
    long since = 0;
    int unmatched = 0;
    for (Sample sample : samples) {
      try {
        rows.add(steps(sample, since));
      } catch (NotTraced e) {
        unmatched++;
      }
      since = sample.arrival().nanos();
    }
    System.out.printf(
        Locale.ROOT,
        "%d samples traced (%d without every step in the trace)%n",
        rows.size(),
        unmatched);
    printMedians("all samples", rows);
    printMedians("last quarter", rows.subList(rows.size() * 3 / 4, rows.size()));
  }

  private static void printMedians(String label, List<long[]> rows) {
    System.out.printf(Locale.ROOT, "### %s (n=%d): median / p90 ms%n", label, rows.size());
    for (int step = 0; step < STEPS.length; step++) {
      long[] values = new long[rows.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rows.get(i)[step];
      }
      java.util.Arrays.sort(values);
      System.out.printf(
          Locale.ROOT,
          "%8.3f %8.3f  %s%n",
          at(values, 0.5) / 1e6,
          at(values, 0.9) / 1e6,
          STEPS[step]);
    }
  }

  private static long at(long[] sorted, double quantile) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.ceil(quantile * sorted.length) - 1];
  }

  private long[] steps(Sample sample, long since) {
    String name = sample.arrival().name();
    String id = name.substring(0, name.length() - ".json".length());
    Span claim = first(since, s -> s.kind().equals("claim") && s.subject().contains(id));
    Span wake = lastBefore(since, claim.start(), s -> s.kind().equals("wake"));
    Span txn = first(claim.start(), s -> s.kind().equals("txn"));
    Span append = first(txn.end(), s -> isJournal(s, "write"));
    Span fsync = first(append.start(), s -> isJournal(s, "fsync"));
    Span deliver = first(claim.start(), s -> s.kind().equals("deliver") && s.subject().equals(id));
    Span inboxCreate = first(claim.start(), s -> isInbox(s, "create", "/tmp/" + name));
    Span inboxFsync = first(inboxCreate.start(), s -> isInbox(s, "fsync", "/tmp/" + name));
    Span inboxRename = first(inboxFsync.start(), s -> isInbox(s, "rename", "/new/" + name));
    long seen = sample.arrival().nanos();
    long woke = wake == null ? claim.start() : wake.start();
    return new long[] {
      woke - sample.committed(),
      claim.start() - woke,
      txn.start() - claim.start(),
      txn.end() - txn.start(),
      append.start() - txn.end(),
      fsync.end() - append.start(),
      deliver.start() - fsync.end(),
      inboxCreate.start() - deliver.start(),
      inboxFsync.end() - inboxCreate.start(),
      inboxRename.end() - inboxFsync.end(),
      seen - inboxRename.end(),
      seen - sample.committed(),
    };
  }

  private static boolean isJournal(Span span, String kind) {
    return span.kind().equals(kind) && span.subject().endsWith("/queue.json.journal");
  }

  private static boolean isInbox(Span span, String kind, String suffix) {
    return span.kind().equals(kind) && span.subject().endsWith(suffix);
  }

  private Span first(long from, Predicate<Span> matches) {
    for (int i = indexAt(from); i < spans.size(); i++) {
      if (matches.test(spans.get(i))) {
        return spans.get(i);
      }
    }
    throw new NotTraced();
  }

  private Span lastBefore(long from, long until, Predicate<Span> matches) {
    Span found = null;
    for (int i = indexAt(from); i < spans.size() && spans.get(i).start() <= until; i++) {
      if (matches.test(spans.get(i))) {
        found = spans.get(i);
      }
    }
    return found;
  }

  /** A sample whose steps are not all in the trace. */
  private static final class NotTraced extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotTraced() {
      super(null, null, false, false);
    }
  }

  private int indexAt(long nanos) {
    int low = 0;
    int high = spans.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (spans.get(mid).start() < nanos) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
