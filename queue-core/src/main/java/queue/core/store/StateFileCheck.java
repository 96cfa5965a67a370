package queue.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnosis.Finding;
import queue.core.error.CorruptStateException;
import queue.core.store.StateCodec.Stamped;

/**
 * Parses one state file and, when it is damaged, its last good generation ({@code NAME.1}), and
 * says how to put that generation back.
 */
final class StateFileCheck<T> {
  private final StateFiles files;
  private final String name;
  private final BiFunction<Path, byte[], Stamped<T>> decode;
  private final String lossIfNoGeneration;
  private final Function<T, JournalCheck.WayBack> afterRestore;

  /**
   * @param afterRestore what else putting back the generation (its content given; null when the
   *     file is moved aside and starts again empty) needs, and what it loses
   */
  StateFileCheck(
      StateFiles files,
      String name,
      BiFunction<Path, byte[], Stamped<T>> decode,
      String lossIfNoGeneration,
      Function<T, JournalCheck.WayBack> afterRestore) {
    this.files = files;
    this.name = name;
    this.decode = decode;
    this.lossIfNoGeneration = lossIfNoGeneration;
    this.afterRestore = afterRestore;
  }

  /** The parsed content (empty if the file does not exist yet), or the reason it is refused. */
  record Outcome<T>(Optional<T> value, CorruptStateException error) {
    boolean corrupt() {
      return error != null;
    }
  }

  Outcome<T> parse(String fileName) {
    try {
      Optional<byte[]> bytes = files.read(fileName);
      if (bytes.isEmpty()) {
        if (fileName.equals(name) && Files.exists(generation())) {
          return new Outcome<>(
              Optional.empty(),
              new CorruptStateException(
                  files.path(name) + " is missing but its last good generation exists", null));
        }
        return new Outcome<>(Optional.empty(), null);
      }
      return new Outcome<>(
          Optional.of(decode.apply(files.path(fileName), bytes.get()).value()), null);
    } catch (CorruptStateException e) {
      return new Outcome<>(Optional.empty(), e);
    }
  }

  /** The problem for a damaged file, with the exact commands that restore its generation. */
  Finding problem(CorruptStateException error) {
    Path target = files.path(name);
    Path generation = generation();
    Outcome<T> older = Files.exists(generation) ? parse(generation.getFileName().toString()) : null;
    if (older == null || older.corrupt() || older.value().isEmpty()) {
      List<String> steps = new ArrayList<>();
      steps.add("stop every queue-processor on this directory");
      steps.add("mv " + quote(target) + " " + quote(broken()) + "   # keep it to inspect by hand");
      steps.addAll(afterRestore.apply(null).steps());
      steps.add("then the queue starts without it: " + lossIfNoGeneration);
      return new Finding(
          name,
          Diagnosis.Level.PROBLEM,
          error.getMessage() + "; there is no good generation " + generation.getFileName(),
          steps);
    }
    JournalCheck.WayBack more = afterRestore.apply(older.value().get());
    List<String> steps = new ArrayList<>();
    steps.add("stop every queue-processor on this directory");
    steps.add(
        keepBroken(target)
            + "cp -p "
            + quote(generation)
            + " "
            + quote(restoring())
            + " && mv -f "
            + quote(restoring())
            + " "
            + quote(target));
    steps.addAll(more.steps());
    steps.add("queue doctor   # to check");
    return new Finding(
        name,
        Diagnosis.Level.PROBLEM,
        error.getMessage()
            + "; its last good generation "
            + generation.getFileName()
            + " parses ("
            + more.note()
            + ")",
        steps);
  }

  // A FIFO or a device is moved aside: copying it would read from it.
  private String keepBroken(Path target) {
    if (!Files.exists(target)) {
      return "";
    }
    String keep = Files.isRegularFile(target) ? "cp -p " : "mv ";
    return keep + quote(target) + " " + quote(broken()) + " && ";
  }

  private Path generation() {
    return files.path(name + StateFiles.GENERATION_SUFFIX);
  }

  private Path broken() {
    return files.path(name + ".broken");
  }

  private Path restoring() {
    return files.path(name + ".restore");
  }

  static String quote(Path path) {
    return "'" + path.toString().replace("'", "'\\''") + "'";
  }
}
