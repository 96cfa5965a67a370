package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.Outcome;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.Stores;
import queue.core.error.InvalidInputException;
import queue.core.rules.SendRules;
import queue.core.testing.LogCapture;
import queue.core.testing.MutableClock;

/** What the file store does on disk beyond the contract: its directory, files and modes. */
class FileStoreTest {
  @TempDir Path root;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  @Test
  void stateSurvivesReopening() {
    Path dir = root.resolve("queue");
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      StoreFiles.register(store, clock, "alice", "bob");
      store.sends().send(SendRequest.to(List.of("alice", "bob"), "me", "kept"));
    }

    try (QueueStore again = StoreFiles.open(dir, clock)) {
      assertEquals(2, again.agents().list().size());
      assertEquals(List.of("kept", "kept"), StoreFiles.bodies(again));
      assertEquals(dir.toAbsolutePath().toString(), again.location());
    }
  }

  // A writer that sent before checks its next send on the agents it holds, without reading the
  // files before the lock: what another process changed since must still count both ways.
  @Test
  void aRunningWritersSendCountsAgentsAnotherWriterAddedOrRemovedSinceItsLastSend() {
    Path dir = root.resolve("queue");
    try (QueueStore writer = StoreFiles.open(dir, clock);
        QueueStore other = StoreFiles.open(dir, clock)) {
      StoreFiles.register(writer, clock, "alice", "carol");
      writer.sends().send(SendRequest.to(List.of("alice"), "me", "first"));
      other.agents().remove("carol", false);
      InvalidInputException refused =
          assertThrows(
              InvalidInputException.class,
              () -> writer.sends().send(SendRequest.to(List.of("carol"), "me", "to one removed")));
      StoreFiles.register(other, clock, "bob");
      writer.sends().send(SendRequest.to(List.of("bob"), "me", "to the agent added since"));

      assertEquals(2, refused.exitCode());
      assertTrue(refused.getMessage().contains("carol"), refused.getMessage());
      assertEquals(List.of("first", "to the agent added since"), StoreFiles.bodies(other));
    }
  }

  @Test
  void readOnlyOpenOfAMissingDirectoryIsRefusedNamingItAndCreatesNothing() {
    Path missing = root.resolve("not").resolve("there");

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () -> FileStore.open(missing, StoreFiles.options(clock).readOnly()));

    assertEquals(2, error.exitCode());
    assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    assertFalse(Files.exists(root.resolve("not")));
    assertThrows(
        InvalidInputException.class,
        () -> Stores.open(missing.toString(), StoreFiles.options(clock).readOnly()));
    assertFalse(Files.exists(root.resolve("not")));
  }

  @Test
  void readOnlyUseOfAnExistingDirectoryNeverChangesItsMode() throws IOException {
    Path dir = root.resolve("shared");
    try (QueueStore writer = StoreFiles.open(dir, clock)) {
      StoreFiles.register(writer, clock, "alice");
      writer.sends().send(SendRequest.to(List.of("alice"), "me", "hello"));
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));

    try (QueueStore reader = FileStore.open(dir, StoreFiles.options(clock).readOnly())) {
      reader.reports().status();
      reader.reports().list(null, null, 0);
      reader.agents().list();
      reader.transfer().exportAll();
      reader.diagnostics().diagnose();
    }

    assertEquals("rwxr-x---", mode(dir));
  }

  @Test
  void writerNarrowsAnExistingDirectoryTo0700AndSaysSo() throws IOException {
    Path dir = root.resolve("message_queue");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

    try (LogCapture log = LogCapture.of(DataDirectory.class);
        QueueStore store = StoreFiles.open(dir, clock)) {
      assertEquals("rwx------", mode(dir));
      assertTrue(
          log.messages(Level.INFO).stream().anyMatch(m -> m.contains("narrowed")),
          log.events().toString());
      assertTrue(store.agents().list().isEmpty());
    }
  }

  @Test
  void everyDirectoryTheStoreMakesIs0700AndEveryFile0600() throws IOException {
    Path dir = root.resolve("a").resolve("b");
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      StoreFiles.register(store, clock, "alice", "bob");
      store.sends().send(SendRequest.broadcast("me", "hello"));
      store.sends().send(SendRequest.broadcast("me", "again"));
      var claims =
          store.leases().claim(ClaimRequest.processor("p1", "h", Duration.ofMinutes(1), 8, 8));
      store
          .leases()
          .settle(
              claims.stream()
                  .flatMap(List::stream)
                  .map(c -> new Completion(c.lease(), new Outcome.Delivered()))
                  .toList());
      clock.advance(Duration.ofHours(2));
      assertEquals(4, store.upkeep().retire(Duration.ofHours(1)));
      store.upkeep().checkpoint();
      StoreFiles.register(store, clock, "carol");
      store.upkeep().checkpoint();
      Liveness.Registration running =
          store
              .liveness()
              .register(
                  new ProcessorInfo("p1", "h", ProcessHandle.current().pid(), clock.instant()));
      try {
        assertModes(root.resolve("a"));
      } finally {
        running.close();
      }
    }
    assertTrue(Files.exists(dir.resolve("queue.json.1")));
    assertTrue(Files.exists(dir.resolve("queue.json.journal.1")));
    assertTrue(Files.exists(dir.resolve("agents.json.1")));
    assertTrue(Files.isDirectory(dir.resolve("history")));
    assertTrue(Files.isDirectory(dir.resolve("processors")));
  }

  private static void assertModes(Path top) throws IOException {
    try (Stream<Path> paths = Files.walk(top)) {
      for (Path path : paths.toList()) {
        assertEquals(
            Files.isDirectory(path) ? "rwx------" : "rw-------", mode(path), path.toString());
      }
    }
  }

  // The lock file is never broken by age, renamed or removed: the OS releases the lock.
  @Test
  void lockFileIsNeverReplacedOrRemovedAndHoldsTheLastHoldersPid() throws IOException {
    Path dir = root.resolve("queue");
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      StoreFiles.register(store, clock, "alice");
      Path lock = dir.resolve(StateFiles.LOCK_FILE);
      Object identity = Files.readAttributes(lock, BasicFileAttributes.class).fileKey();

      for (int i = 0; i < 5; i++) {
        store.sends().send(SendRequest.to(List.of("alice"), "me", "message " + i));
        clock.advance(Duration.ofDays(30));
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(0));
      }
      store.diagnostics().diagnose();

      assertEquals(identity, Files.readAttributes(lock, BasicFileAttributes.class).fileKey());
      assertEquals(String.valueOf(ProcessHandle.current().pid()), Files.readString(lock).trim());
    }
  }

  @Test
  void leftoverTempFilesOfACrashedWriterAreRemovedByTheNextSave() throws IOException {
    Path dir = root.resolve("queue");
    Files.createDirectories(dir);
    Path leftover = dir.resolve("queue.json.tmp-crashed");
    Files.writeString(leftover, "{\"half\":");

    try (LogCapture log = LogCapture.of(TempFiles.class);
        QueueStore store = StoreFiles.open(dir, clock)) {
      StoreFiles.register(store, clock, "alice");

      assertFalse(Files.exists(leftover));
      assertTrue(log.events().toString().contains("leftover"), log.events().toString());
    }
  }

  @Test
  void readOnlyStoreLeavesTempFilesToAWriter() throws IOException {
    Path dir = root.resolve("queue");
    Files.createDirectories(dir);
    Path leftover = dir.resolve("queue.json.tmp-crashed");
    Files.writeString(leftover, "{\"half\":");

    try (QueueStore reader = FileStore.open(dir, StoreFiles.options(clock).readOnly())) {
      reader.reports().status();
    }

    assertTrue(Files.exists(leftover));
  }

  @Test
  void openOptionsDefaultsAreTheContractsDefaults() {
    OpenOptions defaults = OpenOptions.defaults(clock);

    assertEquals(Duration.ofSeconds(10), defaults.lockTimeout());
    assertTrue(defaults.create());
    assertFalse(defaults.readOnly().create());
    assertEquals(1024 * 1024, SendRules.MAX_BODY_BYTES);
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
