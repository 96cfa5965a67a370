package queue.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import queue.core.api.ExportDocument;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.files.FileOps;
import queue.core.snapshot.MemoryStore;
import queue.core.store.FileStore;
import tools.jackson.databind.JsonNode;

/**
 * Runs the command line in this JVM with captured stdout and stderr: on an in-memory store where
 * the store does not matter, or on a file store in a data directory where files do.
 */
final class Cli {
  private final Path dir;
  private final QueueStore memory;
  private final FileOps ops;
  private Clock clock = Clock.systemUTC();
  // The real PATH, which an exec agent's bare command is looked up in; nothing else of the
  // environment unless a test gives it.
  private Map<String, String> variables = Map.of("PATH", System.getenv("PATH"));
  private byte[] stdin = new byte[0];
  private boolean stdinIsTerminal = true;
  private boolean stdoutIsTerminal;
  private Writer stdout;

  private Cli(Path dir, QueueStore memory, FileOps ops) {
    this.dir = dir;
    this.memory = memory;
    this.ops = ops;
  }

  /** Runs on a file store in {@code dir} (each run gets {@code --dir dir}). */
  static Cli onFiles(Path dir) {
    return new Cli(dir, null, null);
  }

  /** Runs on a file store in {@code dir} that reaches the disk through {@code ops}. */
  static Cli onFiles(Path dir, FileOps ops) {
    return new Cli(dir, null, ops);
  }

  /** Runs on the store each run's arguments name (its --store or --dir), as bin/queue would. */
  static Cli asGiven() {
    return new Cli(null, null, null);
  }

  /** Runs on one in-memory store that every run of this Cli shares. */
  static Cli inMemory() {
    return new Cli(null, MemoryStore.open(OpenOptions.defaults(Clock.systemUTC())), null);
  }

  /** Runs on an in-memory store with this clock. */
  static Cli inMemory(Clock clock) {
    Cli cli = new Cli(null, MemoryStore.open(OpenOptions.defaults(clock)), null);
    cli.clock = clock;
    return cli;
  }

  record Result(int exit, String out, String err) {
    JsonNode json() {
      return Json.mapper().readTree(out);
    }

    List<JsonNode> jsonLines() {
      return out.lines().map(line -> Json.mapper().readTree(line)).toList();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  Cli clock(Clock value) {
    this.clock = value;
    return this;
  }

  Cli environment(Map<String, String> value) {
    this.variables = value;
    return this;
  }

  /** The next runs read {@code bytes} from a piped (not terminal) stdin. */
  Cli stdin(byte[] bytes) {
    this.stdin = bytes;
    this.stdinIsTerminal = false;
    return this;
  }

  Cli stdin(String text) {
    return stdin(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next runs' stdout is a terminal (a progress line is drawn). */
  Cli stdoutIsTerminal() {
    this.stdoutIsTerminal = true;
    return this;
  }

  /** The next runs write their stdout to {@code writer} (a failing one, say) instead. */
  Cli stdout(Writer writer) {
    this.stdout = writer;
    return this;
  }

  /** The store the runs use, to set up what a test needs or look at what a run did. */
  QueueStore store() {
    return memory != null ? memory : Stores.open(dir.toString(), OpenOptions.defaults(clock));
  }

  /** Runs {@code queue ARGS...}, on the file store with {@code --dir DIR} first. */
  Result run(String... args) {
    List<String> all = new ArrayList<>();
    if (dir != null) {
      all.addAll(List.of("--dir", dir.toString()));
    }
    all.addAll(List.of(args));
    return runRaw(all.toArray(new String[0]));
  }

  /** Runs {@code queue ARGS...} as given. */
  Result runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(
            variables,
            new CliEnvironment.Stdio(
                new ByteArrayInputStream(stdin), stdinIsTerminal, stdoutIsTerminal),
            clock,
            "tester",
            new TestProcess(),
            stores());
    PrintWriter stdoutWriter = new PrintWriter(stdout != null ? stdout : out);
    int exit =
        QueueMain.commandLine(environment, stdoutWriter, new PrintWriter(err), args).execute(args);
    stdoutWriter.flush();
    return new Result(exit, out.toString(), err.toString());
  }

  private CliEnvironment.StoreOpener stores() {
    if (memory != null) {
      return new InMemory(memory);
    }
    if (ops != null) {
      return (location, options) -> FileStore.open(Path.of(location), options, ops);
    }
    return Stores::open;
  }

  /**
   * What a refused command must leave as it was: on a file store every file's bytes (the lock file
   * aside, which holds the last holder's pid), in memory the store's whole state.
   */
  Object state() {
    if (memory == null) {
      return files();
    }
    ExportDocument document = memory.transfer().exportAll();
    return new ExportDocument(
        document.version(),
        document.source(),
        Instant.EPOCH,
        document.lastKey(),
        document.agents(),
        document.messages(),
        document.entries(),
        document.delivered(),
        document.lastDeliveredAt());
  }

  /** Every file under the data directory and its bytes. */
  Map<String, String> files() {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(dir)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        if (!path.getFileName().toString().equals("queue.json.lock")) {
          files.put(
              dir.relativize(path).toString(), HexFormat.of().formatHex(Files.readAllBytes(path)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Every location is the one in-memory store, which always exists. */
  private record InMemory(QueueStore store) implements CliEnvironment.StoreOpener {
    @Override
    public QueueStore open(String location, OpenOptions options) {
      return store;
    }

    @Override
    public boolean exists(String location) {
      return true;
    }
  }
}
