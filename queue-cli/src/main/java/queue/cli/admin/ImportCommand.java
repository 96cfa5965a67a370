package queue.cli.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Plural;
import queue.core.api.ExportDocument;
import queue.core.api.ExportDocuments;
import queue.core.api.QueueStore;
import queue.core.error.InvalidInputException;

/** {@code queue import FILE|-}: loads an export into an empty store. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Load a 'queue export' document into an empty store.",
      "A store that already has agents or entries is refused (exit 2) and nothing is written."
          + " Entries that were PROCESSING come in PENDING, due at once."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue --store postgresql://db.example/queue import queue-export.json",
      "  queue --dir old export | queue --dir new import -"
    })
public final class ImportCommand implements Callable<Integer> {
  // The largest state file the file store reads; an export of it is about as large.
  private static final int MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The export, or '-' for stdin.")
  String file;

  @Option(names = "--json", description = "Print {\"agents\", \"messages\", \"entries\"}.")
  boolean json;

  public ImportCommand(CliContext context) {
    this.context = context;
  }

  record ImportedJson(String store, int agents, int messages, int entries) {}

  @Override
  public Integer call() {
    String source = file.equals("-") ? "stdin" : file;
    ExportDocument document = ExportDocuments.read(readAll(), source);
    QueueStore store = context.store();
    store.transfer().importAll(document);
    if (json) {
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

  private byte[] readAll() {
    try (InputStream in = open()) {
      byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      if (bytes.length > MAX_DOCUMENT_BYTES) {
        throw new InvalidInputException(
            file + " is over " + MAX_DOCUMENT_BYTES + " bytes: not an export of this queue");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private InputStream open() throws IOException {
    if (file.equals("-")) {
      return context.environment().stdio().in();
    }
    try {
      return Files.newInputStream(Path.of(file));
    } catch (InvalidPathException e) {
      throw new InvalidInputException("invalid path '" + file + "': " + e.getReason());
    }
  }
}
