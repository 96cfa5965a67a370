package queue.core.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import queue.core.api.ExportDocument;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.documents.ExportDocuments;
import queue.core.store.FileStore;

/**
 * Imports an export document into a file store, as {@code queue import FILE} does. Prints "parsed"
 * once the document is read, and "imported" when the import returned.
 *
 * <p>Args: DIR FILE
 */
public final class ImportMain {
  private ImportMain() {}

  public static void main(String[] args) throws Exception {
    ExportDocument document = ExportDocuments.read(Files.readAllBytes(Path.of(args[1])), args[1]);
    System.out.println("parsed");
    System.out.flush();
    OpenOptions options =
        OpenOptions.defaults(Clock.systemUTC()).withTimeouts(Duration.ofMinutes(2), Duration.ZERO);
    try (QueueStore store = FileStore.open(Path.of(args[0]), options)) {
      store.transfer().importAll(document);
    }
    System.out.println("imported");
    System.out.flush();
  }
}
