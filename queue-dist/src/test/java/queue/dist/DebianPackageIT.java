package queue.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * queue_VERSION_all.deb, read with dpkg-deb: its control fields, its files, its maintainer scripts
 * and its systemd unit (checked by systemd-analyze where it is installed). Installing it is
 * .ci/run's part (as root, with apt-get).
 */
class DebianPackageIT {
  private static final String VERSION = System.getProperty("queue.dist.version");
  private static final String DEBIAN_VERSION = VERSION.replace('-', '~');
  private static final Pattern JAVA_RUNTIME = Pattern.compile("java(\\d+)-runtime(-headless)?");
  private static final Pattern VERSIONED_DEFAULT =
      Pattern.compile("default-jre(-headless)? \\(>= 2:1\\.(\\d+)\\)");

  @TempDir Path tmp;
  private Path deb;
  private Path root;

  @BeforeEach
  void extractThePackage() {
    assumeTrue(
        Processes.onPath("dpkg-deb"), "needs dpkg-deb (Debian's dpkg), which builds the package");
    deb =
        Path.of(System.getProperty("queue.dist.target"))
            .resolve("queue_" + DEBIAN_VERSION + "_all.deb");
    assertTrue(Files.isRegularFile(deb), deb + " is missing: build it with mvn -B package");
    root = tmp.resolve("root");
    dpkgDeb("-R", deb.toString(), root.toString());
  }

  private String dpkgDeb(String... args) {
    List<String> command = new ArrayList<>(List.of("dpkg-deb"));
    command.addAll(List.of(args));
    return Processes.run(tmp, command).expect(0).out();
  }

  @Test
  void itsControlFieldsNameThePackageItsDebianVersionAndAJava17Runtime() {
    assertEquals("queue", dpkgDeb("-f", deb.toString(), "Package").strip());
    assertEquals(DEBIAN_VERSION, dpkgDeb("-f", deb.toString(), "Version").strip());
    assertEquals("all", dpkgDeb("-f", deb.toString(), "Architecture").strip());
    String depends = dpkgDeb("-f", deb.toString(), "Depends").strip();
    String java =
        List.of(depends.split(",")).stream()
            .map(String::strip)
            .filter(dependency -> dependency.contains("java") || dependency.contains("jre"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Java runtime in Depends: " + depends));
    for (String alternative : java.split("\\|")) {
      assertTrue(
          namesJava17OrNewer(alternative.strip()),
          "every alternative of '"
              + java
              + "' names Java 17 or newer, not '"
              + alternative.strip()
              + "'");
    }
  }

  private static boolean namesJava17OrNewer(String alternative) {
    Matcher runtime = JAVA_RUNTIME.matcher(alternative);
    if (runtime.matches()) {
      return Integer.parseInt(runtime.group(1)) >= 17;
    }
    Matcher openjdk = Pattern.compile("openjdk-(\\d+)-jre(-headless)?").matcher(alternative);
    if (openjdk.matches()) {
      return Integer.parseInt(openjdk.group(1)) >= 17;
    }
    Matcher versioned = VERSIONED_DEFAULT.matcher(alternative);
    return versioned.matches() && Integer.parseInt(versioned.group(2)) >= 17;
  }

  @Test
  void itInstallsBothProgramsTheirManPagesCompletionAndTheUnit() throws IOException {
    for (String program : List.of("queue", "queue-processor")) {
      Path link = root.resolve("usr/bin").resolve(program);
      assertTrue(Files.isSymbolicLink(link), link + " is a symlink");
      assertEquals(Path.of("../share/queue/bin").resolve(program), Files.readSymbolicLink(link));
      assertTrue(Files.isExecutable(root.resolve("usr/share/queue/bin").resolve(program)));
      assertTrue(
          Files.isRegularFile(root.resolve("usr/share/man/man1").resolve(program + ".1.gz")));
      assertTrue(
          Files.isRegularFile(
              root.resolve("usr/share/bash-completion/completions").resolve(program)));
    }
    assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man1/queue-send.1.gz")));
    assertTrue(Files.isRegularFile(root.resolve("usr/share/queue/lib/queue-cli.jar")));
    assertTrue(Files.isRegularFile(root.resolve("usr/share/queue/lib/queue-processor.jar")));
    assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/queue/copyright")));
    assertTrue(Files.isRegularFile(root.resolve("lib/systemd/system/queue-processor.service")));
    assertEquals(
        List.of("/etc/queue/queue-processor.env"),
        Files.readAllLines(root.resolve("DEBIAN/conffiles")));
    String listing = dpkgDeb("-c", deb.toString());
    assertTrue(
        listing.contains("-rw-r----- root/root")
            && listing.contains("./etc/queue/queue-processor.env"),
        listing);
  }

  /** The extracted /usr/bin/queue runs: the launcher follows its symlink to the jars. */
  @Test
  void theExtractedProgramsRunThroughTheirSymlinks() {
    Map<String, String> environment =
        Map.of("JAVA_HOME", System.getProperty("java.home"), "QUEUE_CDS", "0");
    Processes.Run queue =
        Processes.run(
            tmp, environment, List.of(root.resolve("usr/bin/queue").toString(), "--version"));
    assertTrue(queue.expect(0).out().startsWith("queue " + VERSION + "\n"), queue.toString());
    Processes.Run processor =
        Processes.run(
            tmp,
            environment,
            List.of(root.resolve("usr/bin/queue-processor").toString(), "--version"));
    assertEquals("queue-processor " + VERSION, processor.expect(0).out().strip());
  }

  @Test
  void theServiceRunsAsItsOwnUserOnVarLibQueueHardenedAndIsNotEnabled() throws IOException {
    String unit = Files.readString(root.resolve("lib/systemd/system/queue-processor.service"));
    for (String line :
        List.of(
            "User=queue",
            "ExecStart=/usr/bin/queue-processor --dir /var/lib/queue",
            "EnvironmentFile=-/etc/queue/queue-processor.env",
            "Restart=on-failure",
            "KillSignal=SIGTERM",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "ReadWritePaths=/var/lib/queue",
            "ProtectHome=yes",
            "PrivateTmp=yes",
            "WantedBy=multi-user.target")) {
      assertTrue(unit.lines().anyMatch(line::equals), "the unit has " + line);
    }
    String postinst = Files.readString(root.resolve("DEBIAN/postinst"));
    assertTrue(postinst.contains("adduser --system"), "postinst creates the system user");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      String text = Files.readString(root.resolve("DEBIAN").resolve(script));
      assertFalse(text.contains("enable"), script + " enables nothing");
      assertFalse(
          text.contains("/var/lib/queue") && text.contains("rm -r"),
          script + " keeps /var/lib/queue");
      Processes.run(tmp, List.of("sh", "-n", root.resolve("DEBIAN").resolve(script).toString()))
          .expect(0);
    }
  }

  /** systemd's own check, with ExecStart pointed at the extracted program (it must exist). */
  @Test
  void systemdAcceptsTheUnit() throws IOException {
    assumeTrue(Processes.onPath("systemd-analyze"), "needs systemd-analyze");
    String unit =
        Files.readString(root.resolve("lib/systemd/system/queue-processor.service"))
            .replace(
                "/usr/bin/queue-processor", root.resolve("usr/bin/queue-processor").toString());
    Path copy =
        Files.writeString(
            Files.createDirectories(tmp.resolve("units")).resolve("queue-processor.service"), unit);
    Processes.Run verify =
        Processes.run(tmp, List.of("systemd-analyze", "verify", "--man=no", copy.toString()));
    assertEquals(0, verify.exit(), verify.toString());
    assertEquals("", verify.err() + verify.out(), "no warning about any directive");
  }
}
