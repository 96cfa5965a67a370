package queue.dist;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.dist.Processes.Run;

/**
 * The release archive as a user gets it: unpacked into a directory of its own, both programs linked
 * onto PATH, run from another directory with no checkout anywhere, with only a JDK.
 */
class ArchiveIT {
  private static final String VERSION = System.getProperty("queue.dist.version");
  private static final String JAVA_HOME = System.getProperty("java.home");

  @TempDir Path tmp;
  private Path install;
  private Path work;
  private final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void unpackTheArchiveAndLinkItsProgramsOntoPath() throws IOException {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path archive = Processes.built("queue.dist.archive");
    Path unpacked = Files.createDirectories(tmp.resolve("opt"));
    Processes.run(tmp, List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()))
        .expect(0);
    install = unpacked.resolve(System.getProperty("queue.dist.name"));
    Path bin = Files.createDirectories(tmp.resolve("path"));
    for (String program : List.of("queue", "queue-processor")) {
      Files.createSymbolicLink(bin.resolve(program), install.resolve("bin").resolve(program));
    }
    work = Files.createDirectories(tmp.resolve("work"));
    environment.put("PATH", bin + ":" + System.getenv("PATH"));
    environment.put("JAVA_HOME", JAVA_HOME);
    environment.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    environment.put("QUEUE_DIR", null);
    environment.put("QUEUE_STORE", null);
  }

  /** Runs {@code command} as a shell would find it: through env, which searches our PATH. */
  private Run run(String... command) {
    List<String> line = new ArrayList<>(List.of("env"));
    line.addAll(List.of(command));
    return Processes.run(work, environment, line);
  }

  @Test
  void bothProgramsRunFromASymlinkOnPathAndDeliver() throws IOException {
    assertEquals(
        "queue " + VERSION, run("queue", "--version").expect(0).out().lines().findFirst().get());
    assertEquals(
        "queue-processor " + VERSION, run("queue-processor", "--version").expect(0).out().strip());

    run("queue", "agents", "add", "alice").expect(0);
    run("queue", "send", "--to", "alice", "hello from the archive").expect(0);
    run("queue-processor", "--once").expect(0);

    Path inbox = work.resolve("message_queue/inbox/alice/new");
    try (Stream<Path> files = Files.list(inbox)) {
      List<Path> delivered = files.toList();
      assertEquals(1, delivered.size(), delivered.toString());
      assertTrue(Files.readString(delivered.get(0)).contains("hello from the archive"));
    }
    assertTrue(run("queue", "status", "--json").expect(0).out().contains("\"delivered\":1"));
  }

  /** Each command loads its classes: one that needs a jar the archive lacks fails here. */
  @Test
  void everyCommandOfBothProgramsAnswersHelp() {
    List<String> commands = commandsListedBy(run("queue", "--help").expect(0).out());
    assertTrue(
        commands.containsAll(List.of("agents", "send", "status", "completion")),
        commands.toString());
    for (String command : commands) {
      assertTrue(
          run("queue", command, "--help").expect(0).out().startsWith("Usage: queue " + command));
    }
    assertTrue(
        run("queue-processor", "--help").expect(0).out().startsWith("Usage: queue-processor"));
  }

  @Test
  void theManPagesDocumentEveryOptionThatHelpShows() throws IOException {
    assertManPageMatchesHelp("queue.1", "queue", "--help");
    assertManPageMatchesHelp("queue-send.1", "queue", "send", "--help");
    assertManPageMatchesHelp("queue-agents-add.1", "queue", "agents", "add", "--help");
    assertManPageMatchesHelp("queue-processor.1", "queue-processor", "--help");
  }

  private void assertManPageMatchesHelp(String page, String... help) throws IOException {
    String man = Files.readString(install.resolve("man/man1").resolve(page)).replace("\\", "");
    assertTrue(man.startsWith("'") || man.contains(".TH "), page + " is a man page");
    for (String word : run(help).expect(0).out().split("[\\s,\\[\\]=]+")) {
      if (word.startsWith("--")) {
        assertTrue(man.contains(word), page + " documents " + word);
      }
    }
  }

  @Test
  void theCompletionScriptsCompleteBothPrograms() {
    for (String program : List.of("queue", "queue-processor")) {
      Path script = install.resolve("completion").resolve(program);
      Run loaded =
          Processes.run(
              work,
              List.of(
                  "bash", "-c", "source \"$0\" && complete -p \"$1\"", script.toString(), program));
      assertTrue(loaded.expect(0).out().contains(program), loaded.toString());
    }
  }

  /**
   * Installed where its user cannot write (as /usr/share/queue of the Debian package), queue keeps
   * its start-up archive in the user's cache, and with no writable cache it runs all the same.
   */
  @Test
  void aReadOnlyInstallKeepsTheStartUpArchiveInTheUsersCache() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")) && Processes.onPath("setpriv"),
        "needs root and setpriv to run as a user who cannot write the install");
    Path home = Files.createDirectories(tmp.resolve("nobody"));
    UserPrincipal nobody =
        home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    Files.setOwner(home, nobody);
    environment.put("HOME", home.toString());

    assertEquals(
        "queue " + VERSION,
        asNobody("queue", "--version").expect(0).out().lines().findFirst().get());
    Path cache = home.resolve(".cache/queue");
    await("the start-up archive in " + cache)
        .atMost(5, MINUTES)
        .until(() -> archivesIn(cache).size() == 1 && lockFree(cache));
    Run used = asNobodyWith("-Xlog:class+load=info", "queue", "--version").expect(0);
    assertTrue(
        used.out().contains("queue.cli.QueueMain source: shared objects file"), used.toString());
    try (Stream<Path> lib = Files.list(install.resolve("lib"))) {
      assertEquals(
          List.of("queue-cli.jar", "queue-processor.jar"),
          lib.map(p -> p.getFileName().toString()).sorted().toList());
    }

    environment.put("HOME", "/nonexistent");
    for (int i = 0; i < 2; i++) {
      assertEquals(
          "queue " + VERSION,
          asNobody("queue", "--version").expect(0).out().lines().findFirst().get());
    }
  }

  private Run asNobody(String... command) {
    return asNobodyWith(null, command);
  }

  private Run asNobodyWith(String javaOptions, String... command) {
    List<String> line =
        new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    line.addAll(List.of(command));
    Map<String, String> env = new HashMap<>(environment);
    env.put("QUEUE_JAVA_OPTS", javaOptions);
    return Processes.run(tmp, env, line);
  }

  private static List<Path> archivesIn(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files
          .filter(f -> f.toString().endsWith(".jsa") || f.toString().endsWith(".aot"))
          .toList();
    }
  }

  // The recorder renames the archive into place, then exits; its lock file then holds no lock.
  private static boolean lockFree(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      for (Path lock : files.filter(f -> f.toString().endsWith(".lock")).toList()) {
        if (Processes.run(cache, List.of("flock", "-n", lock.toString(), "true")).exit() != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<String> commandsListedBy(String help) {
    List<String> commands = new ArrayList<>();
    boolean inCommands = false;
    for (String line : help.split("\n")) {
      if (line.startsWith("Commands:")) {
        inCommands = true;
      } else if (inCommands && line.matches("  [a-z].*")) {
        commands.add(line.strip().split("\\s+")[0]);
      } else if (inCommands && !line.startsWith("   ")) {
        inCommands = line.isBlank() && commands.isEmpty();
      }
    }
    return commands;
  }
}
