package queue.cli.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Plural;
import queue.cli.Specs;
import queue.core.api.ExportDocument;
import queue.core.api.QueueStore;
import queue.core.documents.ExportDocuments;
import queue.core.error.InvalidInputException;
import queue.core.error.IoReasons;
import queue.core.rules.Imports;

/** {@code queue import FILE|-}: loads an export into an empty store. */
public final class ImportCommand implements Callable<Integer> {
  // The largest state file the file store reads; an export of it is about as large.
  private static final int MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec file =
      Specs.parameter("0", "FILE", "The export, or '-' for stdin.");
  private final OptionSpec json =
      Specs.flag(
          "--json",
          "Print {\"store\", \"agents\", \"messages\", \"entries\"}: where and how many.");

  public ImportCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "import",
            new String[] {
              "Load a 'queue export' document into an empty store.",
              "A store that already has agents or entries is refused (exit 2) and nothing is"
                  + " written. Entries that were PROCESSING come in PENDING, due at once."
            },
            "  queue --store postgresql://db.example/queue import queue-export.json",
            "  queue --dir old export | queue --dir new import -");
    spec.addPositional(file).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  record ImportedJson(String store, int agents, int messages, int entries) {}

  @Override
  public Integer call() {
    String path = file.getValue();
    String source = path.equals("-") ? "stdin" : path;
    ExportDocument document = ExportDocuments.read(readAll(path), source);
    // Checked before the store is opened, so a refused import creates nothing.
    Imports.stateOf(document, context.environment().clock().instant());
    QueueStore store = context.creatingStore();
    store.transfer().importAll(document);
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(
          spec.commandLine().getOut(),
          new ImportedJson(
              store.location(),
              document.agents().size(),
              document.messages().size(),
              document.entries().size()));
    } else {
      spec.commandLine()
          .getOut()
          .println(
              "imported "
                  + Plural.of(document.agents().size(), "agent", "agents")
                  + ", "
                  + Plural.of(document.messages().size(), "message", "messages")
                  + " and "
                  + Plural.of(document.entries().size(), "entry", "entries")
                  + " into "
                  + store.location());
    }
    return 0;
  }

  private byte[] readAll(String path) {
    try (InputStream in = open(path)) {
      byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      if (bytes.length > MAX_DOCUMENT_BYTES) {
        throw new InvalidInputException(
            path + " is over " + MAX_DOCUMENT_BYTES + " bytes: not an export of this queue");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + path);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + path + ": " + IoReasons.of(e));
    }
  }

  private InputStream open(String path) throws IOException {
    if (path.equals("-")) {
      return context.environment().stdio().in();
    }
    try {
      return Files.newInputStream(Path.of(path));
    } catch (InvalidPathException e) {
      throw new InvalidInputException("invalid path '" + path + "': " + e.getReason());
    }
  }
}
