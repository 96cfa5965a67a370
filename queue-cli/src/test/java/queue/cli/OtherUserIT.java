package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/queue run as another user (nobody, through setpriv) on a data directory that is not theirs:
 * errors give the OS reason and what to do, and a command that only reads never tries to change the
 * directory. Runs where the tests run as root, as CI does.
 */
class OtherUserIT {
  @TempDir Path tmp;
  private Path dir;

  @BeforeEach
  void aQueueOwnedByThisUser() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "needs root and setpriv to act as another user");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    dir = tmp.resolve("queue");
    assertEquals(0, Launchers.run(dir, "agents", "add", "alice").exit());
    assertEquals(0, Launchers.run(dir, "send", "--to", "alice", "x").exit());
  }

  private Launchers.Run asNobody(String... args) {
    return asNobodyRun("bin/queue", args);
  }

  private Launchers.Run asNobodyRun(String launcher, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                Launchers.ROOT.resolve(launcher).toString(),
                "--dir",
                dir.toString()));
    command.addAll(List.of(args));
    return Launchers.start(new ProcessBuilder(command)).finish();
  }

  private void chmodAll(String directoryMode, String fileMode) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.toList()) {
        String mode = Files.isDirectory(path) ? directoryMode : fileMode;
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
      }
    }
  }

  @Test
  void aPrivateQueueOfAnotherUserIsRefusedWithPermissionDenied() {
    Launchers.Run status = asNobody("status");
    assertEquals(4, status.exit(), status.toString());
    assertTrue(status.err().contains("permission denied"), status.err());
    assertTrue(status.err().contains(dir.toString()), status.err());
    assertEquals(1, status.err().lines().count(), status.err());
  }

  @Test
  void aReadableQueueOfAnotherUserCanBeReadButNotNarrowed() throws Exception {
    chmodAll("rwxr-xr-x", "rw-r--r--");
    Launchers.Run status = asNobody("status", "--json");
    assertEquals(0, status.exit(), status.toString());
    assertEquals(1, status.json().get("totals").get("pending").asInt());
    assertEquals(
        "rwxr-xr-x",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)),
        "a command that only reads leaves the mode alone");

    Launchers.Run add = asNobody("agents", "add", "bob");
    assertEquals(1, add.exit(), add.toString());
    assertTrue(add.err().contains("cannot narrow the data directory"), add.err());
    assertTrue(add.err().contains("operation not permitted"), add.err());
    assertTrue(add.err().contains("run this as the directory's owner"), add.err());
  }

  @Test
  void aLockFileOfAnotherUserIsNamedOnceWithTheReasonInWords() throws Exception {
    Files.setOwner(
        dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    // The state files readable, the lock file not: what fails is the lock.
    for (String file :
        List.of(
            "queue.json",
            "queue.json.1",
            "queue.json.journal",
            "queue.json.journal.1",
            "agents.json",
            "agents.json.1")) {
      Path path = dir.resolve(file);
      if (Files.exists(path)) {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    Path lock = dir.resolve("queue.json.lock");

    for (Launchers.Run run :
        List.of(asNobody("doctor"), asNobodyRun("bin/queue-processor", "--once"))) {
      assertEquals(1, run.exit(), run.toString());
      assertTrue(
          run.err().contains("cannot open the lock file " + lock + ": permission denied;"),
          run.toString());
      assertEquals(2, run.err().split(Pattern.quote(lock.toString()), -1).length, "named once");
    }
  }
}
