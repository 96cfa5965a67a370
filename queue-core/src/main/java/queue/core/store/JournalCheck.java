package queue.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import queue.core.api.Diagnosis.Finding;
import queue.core.error.CorruptStateException;
import queue.core.store.StateCodec.SavedQueue;

/**
 * {@code doctor}'s check of {@code queue.json.journal}: every line whole, the records numbered in
 * sequence after the {@code queue.json} they follow, and each one applicable in turn. When one is
 * not, it says what the way back loses (a damaged record cannot be rebuilt: it and the records
 * after it, the latest changes, are lost) and gives the exact commands. It changes nothing.
 */
final class JournalCheck {
  static final String CHECK = "journal";
  private static final String STOP = "stop every queue-processor on this directory";
  private static final String CHECK_AGAIN = "queue doctor   # to check";

  private final StateCodec codec;
  private final Journal journal;
  private final Journal generation;

  JournalCheck(StateFiles files, StateCodec codec) {
    this.codec = codec;
    this.journal = files.journal();
    this.generation =
        new Journal(files.directory(), Journal.NAME + StateFiles.GENERATION_SUFFIX, null);
  }

  /** What the steps after putting back a generation of queue.json must do about the journal. */
  record WayBack(String note, List<String> steps) {}

  /** The finding for the journal beside {@code queue}, the queue.json that parses. */
  Finding check(SavedQueue queue) {
    Path path = journal.path();
    if (!Files.exists(path)) {
      return Finding.ok(CHECK, "none: queue.json holds every change");
    }
    if (!Files.isRegularFile(path)) {
      return Finding.problem(
          CHECK,
          path + " is not a regular file",
          STOP,
          "mv " + StateFileCheck.quote(path) + " " + StateFileCheck.quote(broken(path)));
    }
    Optional<Journal.Damage> damage = journal.damage();
    if (damage.isPresent()) {
      Journal.Damage found = damage.get();
      return cutAt(
          found.offset(),
          found.number(),
          found.linesAfter(),
          "the line at byte "
              + found.offset()
              + (found.number() < 0 ? "" : " (record " + found.number() + ")")
              + " is damaged and more follows it");
    }
    Journal.Contents contents;
    try {
      contents = journal.read().orElseThrow();
      codec.decodeMarker(journal.where(contents.first()), contents.first().json());
    } catch (CorruptStateException e) {
      return cutAt(0, -1, 0, e.getMessage());
    }
    long first = contents.first().number();
    if (first > queue.journal()) {
      return gap(queue.journal(), contents);
    }
    return replayed(queue, contents);
  }

  private Finding replayed(SavedQueue queue, Journal.Contents contents) {
    Replay replay = new Replay(queue.queue(), queue.agentsStamp());
    List<Journal.Line> records = contents.records();
    long previous = contents.first().number();
    int applied = 0;
    for (int i = 0; i < records.size(); i++) {
      Journal.Line line = records.get(i);
      int after = records.size() - i - 1;
      if (line.number() != previous + 1) {
        return cutAt(
            line.start(),
            line.number(),
            after,
            "record " + line.number() + " follows record " + previous);
      }
      previous = line.number();
      if (line.number() > queue.journal()) {
        Path where = journal.where(line);
        try {
          replay.apply(where, codec.decodeRecord(where, line.json()));
        } catch (CorruptStateException e) {
          return cutAt(line.start(), line.number(), after, e.getMessage());
        }
        applied++;
      }
    }
    int entries = replay.result().entries().size();
    return Finding.ok(
        CHECK,
        applied
            + (applied == 1 ? " record" : " records")
            + " since queue.json's checkpoint ("
            + contents.size()
            + " bytes), "
            + (applied == 1 ? "it applies: " : "each applies: ")
            + entries
            + (entries == 1 ? " entry" : " entries")
            + " in all");
  }

  // The records before the damaged one are whole and apply: the journal is cut before it.
  private Finding cutAt(long offset, long number, int after, String problem) {
    String lost =
        (number < 0 ? "the damaged record" : "record " + number)
            + (after == 0 ? "" : " and the " + after + " after it");
    String file = StateFileCheck.quote(journal.path());
    String kept = StateFileCheck.quote(broken(journal.path()));
    if (offset == 0) {
      return Finding.problem(
          CHECK,
          problem + "; moving the journal aside loses every change in it since queue.json",
          STOP,
          "mv " + file + " " + kept + "   # keep it to inspect by hand",
          CHECK_AGAIN);
    }
    String restore = StateFileCheck.quote(restoring(journal.path()));
    return Finding.problem(
        CHECK,
        problem + "; the records before it are whole: cutting the journal there loses " + lost,
        STOP,
        "cp -p " + file + " " + kept + "   # keep it to inspect by hand",
        "head -c " + offset + " " + file + " > " + restore + " && mv -f " + restore + " " + file,
        CHECK_AGAIN);
  }

  // queue.json is older than the journal's first line (put back by hand from an older copy):
  // the generation of the journal may hold the records in between.
  private Finding gap(long through, Journal.Contents contents) {
    String problem =
        "queue.json holds the changes up to record "
            + through
            + ", but the journal starts after record "
            + contents.first().number()
            + ": the changes in between are missing";
    WayBack wayBack = afterRestoring(through);
    return Finding.problem(
        CHECK, problem + "; " + wayBack.note(), concat(STOP, wayBack.steps(), CHECK_AGAIN));
  }

  /**
   * What to do about the journal once {@code queue.json} is put back from a copy that holds the
   * changes up to record {@code through}: nothing if the journal follows it; put the journal's
   * generation in front of it if that holds the changes in between; else move the journal aside.
   */
  WayBack afterRestoring(long through) {
    Optional<Journal.Contents> current = readQuietly(journal);
    if (current.isEmpty()) {
      return new WayBack("it lacks only the changes of the last save", List.of());
    }
    if (current.get().first().number() == through) {
      return new WayBack("the journal follows it: nothing is lost", List.of());
    }
    long first = current.get().first().number();
    Optional<Journal.Contents> older = readQuietly(generation);
    String file = StateFileCheck.quote(journal.path());
    // A checkpoint carries the records appended while it was written into the new journal, so
    // the generation may end after the journal's first line: those lines are taken once.
    if (older.isPresent()
        && older.get().first().number() == through
        && older.get().position().lastNumber() >= first) {
      long carried = older.get().position().lastNumber() - first;
      String restore = StateFileCheck.quote(restoring(journal.path()));
      return new WayBack(
          "the journal's generation "
              + generation.path().getFileName()
              + " holds the changes in between: nothing is lost",
          List.of(
              "cp -p " + file + " " + StateFileCheck.quote(broken(journal.path())),
              "{ cat "
                  + StateFileCheck.quote(generation.path())
                  + "; tail -n +"
                  + (carried + 2)
                  + " "
                  + file
                  + "; } > "
                  + restore
                  + " && mv -f "
                  + restore
                  + " "
                  + file));
    }
    long records = current.get().position().lastNumber() - first;
    return new WayBack(
        "the changes after record "
            + through
            + " are lost (the "
            + records
            + " in the journal cannot be applied without those before them)",
        List.of("mv " + file + " " + StateFileCheck.quote(broken(journal.path()))));
  }

  private static Optional<Journal.Contents> readQuietly(Journal file) {
    try {
      return file.read();
    } catch (CorruptStateException e) {
      return Optional.empty();
    }
  }

  private static String[] concat(String first, List<String> middle, String last) {
    String[] steps = new String[middle.size() + 2];
    steps[0] = first;
    for (int i = 0; i < middle.size(); i++) {
      steps[i + 1] = middle.get(i);
    }
    steps[steps.length - 1] = last;
    return steps;
  }

  private static Path broken(Path file) {
    return file.resolveSibling(file.getFileName() + ".broken");
  }

  private static Path restoring(Path file) {
    return file.resolveSibling(file.getFileName() + ".restore");
  }
}
