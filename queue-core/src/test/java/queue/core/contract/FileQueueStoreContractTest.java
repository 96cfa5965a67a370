package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import queue.core.store.FileQueueStore;
import queue.core.store.QueueStore;
import queue.core.store.StateFiles;

class FileQueueStoreContractTest extends QueueStoreContract {
  @Override
  QueueStore newStore(Path dataDirectory) {
    return open(dataDirectory);
  }

  private static FileQueueStore open(Path dataDirectory) {
    return FileQueueStore.open(dataDirectory, Duration.ofSeconds(2));
  }

  @Test
  void stateSurvivesReopening() {
    register("alice", "bob");
    q.sendTo("alice,bob", "kept");

    assertEquals(q.store.read(), open(dataDirectory).read());
  }

  @Test
  void transactionThatThrowsLeavesTheFilesByteIdentical() throws IOException {
    register("alice");
    q.sendTo("alice", "kept");
    Path queueFile = dataDirectory.resolve(StateFiles.QUEUE_FILE);
    byte[] before = Files.readAllBytes(queueFile);

    assertThrows(
        IllegalStateException.class,
        () ->
            q.store.update(
                current -> {
                  throw new IllegalStateException("no");
                }));

    assertArrayEquals(before, Files.readAllBytes(queueFile));
  }

  @Test
  void leftoverTempFilesOfACrashedWriterAreRemovedByTheNextSave() throws IOException {
    Path leftover = dataDirectory.resolve("queue.json.tmp-crashed");
    Files.writeString(leftover, "{\"half\":");

    register("alice");

    assertEquals(false, Files.exists(leftover));
  }
}
