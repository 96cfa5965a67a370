package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/queue's start-up archive (class-data sharing; an AOT cache on JDK 25+), on a copy of the
 * launcher and the jar so that the checkout's own archives are left alone. The recording outlives a
 * caller whose whole process group is killed; a killed recording blocks no later one, which removes
 * what it left; a new jar or another JDK gets an archive of its own. An archive works when the JVM
 * maps it: the command line's classes are loaded from it.
 */
class StartupArchiveIT {
  private static final Duration GUARD = Duration.ofMinutes(5);
  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
  private static final String EXTENSION = Runtime.version().feature() >= 25 ? ".aot" : ".jsa";

  @TempDir Path tmp;
  private Path launcher;
  private Path target;
  private Path data;

  @BeforeEach
  void aCopyOfTheLauncherAndTheJar() throws IOException {
    assumeTrue(onPath("setsid") && onPath("flock"), "needs setsid and flock (util-linux)");
    Path root = tmp.resolve("checkout");
    target = Files.createDirectories(root.resolve("queue-cli/target"));
    launcher = Files.createDirectories(root.resolve("bin")).resolve("queue");
    Files.copy(Launchers.ROOT.resolve("bin/queue"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(
        Launchers.ROOT.resolve("queue-cli/target/queue-cli.jar"), target.resolve("queue-cli.jar"));
    data = tmp.resolve("data");
  }

  @Test
  void aRecordingOutlivesItsCallersProcessGroupAndLaterRunsUseTheArchive() throws Exception {
    // A caller in a process group of its own, as a script under `timeout` or a CI step is: it runs
    // bin/queue, then waits until its whole group is killed while the archive is being recorded.
    Process caller =
        new ProcessBuilder(
                "setsid",
                "bash",
                "-c",
                "\"$0\" --dir \"$1\" status; read -r line",
                launcher.toString(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    awaitTraining();
    assertTrue(Files.notExists(archive(JAVA_HOME)), "killed while the archive is being recorded");

    killGroup(caller.pid());
    caller.waitFor();

    awaitArchive(JAVA_HOME);
    assertUsed(JAVA_HOME);
  }

  @Test
  void aKilledRecordingBlocksNoLaterOneWhichRemovesWhatItLeft() throws Exception {
    Launchers.start(queue(JAVA_HOME, "--dir", data.toString(), "status")).finish();
    long recorder = awaitRecorder(JAVA_HOME);

    // The recorder leads a session of its own: killing its group kills its JVMs too, and with
    // them goes its lock. What a recording killed later leaves: its temp archive.
    killGroup(recorder);
    await().atMost(GUARD).until(() -> isUnlocked(lock(JAVA_HOME)));
    assertTrue(Files.notExists(archive(JAVA_HOME)), "killed before it was done");
    Files.write(target.resolve(archive(JAVA_HOME).getFileName() + ".4242.tmp"), new byte[4096]);

    Launchers.start(queue(JAVA_HOME, "--dir", data.toString(), "status")).finish();
    awaitArchive(JAVA_HOME);
    assertUsed(JAVA_HOME);
    try (Stream<Path> files = Files.list(target)) {
      assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList());
    }
  }

  @Test
  void aNewJarAndAnotherJdkEachGetAnArchiveOfTheirOwn() throws Exception {
    Launchers.Run recorded = record(JAVA_HOME);
    assertEquals(0, recorded.exit(), "QUEUE_CDS=record, as the build runs it: " + recorded);
    assertUsed(JAVA_HOME);
    Path archive = archive(JAVA_HOME);
    Path jar = target.resolve("queue-cli.jar");
    // Both dated in the past, the jar after the archive: a recording now, however fast, dates the
    // new archive after the jar (a jar dated ahead of the clock would outdate it again).
    long now = System.currentTimeMillis();
    Files.setLastModifiedTime(archive, FileTime.fromMillis(now - 20_000));
    FileTime rebuilt = FileTime.fromMillis(now - 10_000);
    Files.setLastModifiedTime(jar, rebuilt);

    Launchers.start(queue(JAVA_HOME, "--version")).finish();
    await().atMost(GUARD).until(() -> Files.getLastModifiedTime(archive).compareTo(rebuilt) > 0);
    assertUsed(JAVA_HOME);

    Path otherJdk = thisJvmAsAnotherBuild();
    Launchers.start(queue(otherJdk, "--version")).finish();
    awaitArchive(otherJdk);
    assertUsed(otherJdk);
    assertUsed(JAVA_HOME);
  }

  // The launcher tells JDK builds apart by their release file: a JDK home that is this JVM under
  // another build's name is another JDK to it.
  private Path thisJvmAsAnotherBuild() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("other-jdk/bin")).getParent();
    // A script, not a symbolic link: JUnit warns of a link out of its temp dir when it cleans up.
    Path java = home.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\nexec '" + JAVA_HOME.resolve("bin/java") + "' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    String release = Files.readString(JAVA_HOME.resolve("release"), StandardCharsets.UTF_8);
    Files.writeString(
        home.resolve("release"),
        release.replaceFirst("(JAVA_RUNTIME_VERSION=\"[^\"]*)\"", "$1-other-build\""));
    return home;
  }

  private ProcessBuilder queue(Path javaHome, String... args) {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().remove("QUEUE_JAVA_OPTS");
    builder.environment().remove("QUEUE_CDS");
    return builder;
  }

  private Launchers.Run record(Path javaHome) {
    ProcessBuilder builder = queue(javaHome);
    builder.environment().put("QUEUE_CDS", "record");
    return Launchers.start(builder).finish();
  }

  /** Waits until a JVM runs the training workload on this copy's jar. */
  private void awaitTraining() {
    String jar = target.resolve("queue-cli.jar").toString();
    await()
        .atMost(GUARD)
        .until(() -> ProcessHandle.allProcesses().anyMatch(p -> isTraining(p, jar)));
  }

  private static boolean isTraining(ProcessHandle process, String jar) {
    String command = process.info().commandLine().orElse("");
    return command.contains("queue.cli.CdsTraining") && command.contains(jar);
  }

  /** The recorder's pid, which it writes into its lock file once it holds the lock. */
  private long awaitRecorder(Path javaHome) {
    Path lock = lock(javaHome);
    String pid =
        await()
            .atMost(GUARD)
            .until(
                () -> Files.exists(lock) ? Files.readString(lock).trim() : "", s -> !s.isEmpty());
    return Long.parseLong(pid);
  }

  private void awaitArchive(Path javaHome) {
    Path archive = archive(javaHome);
    await().atMost(GUARD).until(() -> Files.exists(archive));
  }

  private void assertUsed(Path javaHome) {
    ProcessBuilder builder = queue(javaHome, "--version");
    builder.environment().put("QUEUE_JAVA_OPTS", "-Xlog:class+load=info");
    Launchers.Run run = Launchers.start(builder).finish();
    assertEquals(0, run.exit(), run.toString());
    assertTrue(
        run.out().contains("queue.cli.QueueMain source: shared objects file"),
        "the JVM loads the command line's classes from the archive:\n" + run.out());
  }

  // As the launcher names them: after the jar and the JDK build (JAVA_RUNTIME_VERSION).
  private Path archive(Path javaHome) {
    return target.resolve(baseName(javaHome) + EXTENSION);
  }

  private Path lock(Path javaHome) {
    return target.resolve(baseName(javaHome) + ".lock");
  }

  private static String baseName(Path javaHome) {
    try {
      for (String line : Files.readAllLines(javaHome.resolve("release"))) {
        if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
          String version = line.substring(line.indexOf('=') + 1).replace("\"", "");
          return "queue-cli-" + version.replaceAll("[^A-Za-z0-9._-]", "_");
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no JAVA_RUNTIME_VERSION in " + javaHome.resolve("release"));
  }

  // flock(1) locks, which the recorder holds, are not the fcntl locks Java's FileChannel takes.
  private static boolean isUnlocked(Path lock) throws Exception {
    return new ProcessBuilder("flock", "-n", lock.toString(), "true").start().waitFor() == 0;
  }

  private static void killGroup(long leader) throws Exception {
    Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + leader).start();
    assertEquals(0, kill.waitFor(), "kill -KILL -- -" + leader);
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
