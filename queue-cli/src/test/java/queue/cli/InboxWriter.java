package queue.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.documents.AgentMessage;

/**
 * Delivers what is due into inbox directories the way the processor does, in this JVM: claim, write
 * {@code tmp/ID.json}, rename it into {@code new/}, settle as delivered.
 */
final class InboxWriter {
  private InboxWriter() {}

  /** Delivers every due entry of the file store in {@code dir}; returns how many. */
  static int deliverAll(QueueStore store, Path dir) throws IOException {
    int delivered = 0;
    while (true) {
      List<List<Claim>> batches =
          store.leases().claim(ClaimRequest.processor("test", "h", Duration.ofMinutes(1), 16, 500));
      if (batches.isEmpty()) {
        return delivered;
      }
      for (List<Claim> batch : batches) {
        for (Claim claim : batch) {
          write(dir.resolve("inbox").resolve(claim.entry().recipient()), claim);
          store.leases().settle(List.of(new Completion(claim.lease(), new Outcome.Delivered())));
          delivered++;
        }
      }
    }
  }

  private static void write(Path inbox, Claim claim) throws IOException {
    String json = Json.mapper().writeValueAsString(AgentMessage.of(claim));
    Files.createDirectories(inbox.resolve("tmp"));
    Files.createDirectories(inbox.resolve("new"));
    Path tmp = Files.writeString(inbox.resolve("tmp").resolve(claim.entry().id() + ".json"), json);
    Files.move(
        tmp, inbox.resolve("new").resolve(tmp.getFileName()), StandardCopyOption.ATOMIC_MOVE);
  }
}
