package queue.cli.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.error.InvalidInputException;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;

/** What a registration refuses before it reads the queue, and how it fills in paths. */
class AgentRequestsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path work;

  private AgentRequests requests() {
    return new AgentRequests(work, "host-a", null, System.getenv("PATH"));
  }

  private static InvalidInputException assertRefused(Executable refused) {
    InvalidInputException error = assertThrows(InvalidInputException.class, refused);
    assertEquals(2, error.exitCode());
    return error;
  }

  @Test
  void agentsAreRegisteredOnTheirHostWithDefaultSettingsNotPaused() {
    Agent agent = requests().pull("puller", NOW);

    assertEquals("puller", agent.name());
    assertEquals(Agent.PULL, agent.transport());
    assertEquals("host-a", agent.host());
    assertEquals(NOW, agent.registeredAt());
    assertTrue(Settings.of(agent.target()).isEmpty());
    assertEquals(false, agent.paused());
  }

  @Test
  void execCommandGivenByARelativePathIsMadeAbsoluteAgainstTheWorkingDirectory()
      throws IOException {
    program(work.resolve("bin/handle.sh"));
    program(work.resolve("handle"));
    Agent agent = requests().exec("runner", List.of("bin/handle.sh", "--fast", "x y"), NOW);

    assertEquals(
        List.of(work.resolve("bin/handle.sh").toString(), "--fast", "x y"), AgentText.argv(agent));
    assertEquals(
        List.of(work.resolve("handle").toString()),
        AgentText.argv(requests().exec("r2", List.of("./sub/../handle"), NOW)));
  }

  @Test
  void execCommandByBareNameOrAbsolutePathIsKept() {
    assertEquals(
        List.of("python3", "-u"),
        AgentText.argv(requests().exec("py", List.of("python3", "-u"), NOW)));
    assertEquals(
        List.of("/bin/cat"), AgentText.argv(requests().exec("cat", List.of("/bin/cat"), NOW)));
  }

  @Test
  void execCommandThatIsNotThereOrMayNotRunIsRefusedNamingIt() throws IOException {
    InvalidInputException missing =
        assertRefused(() -> requests().exec("w", List.of("/nonexistent/cmd"), NOW));
    assertEquals(
        "--exec /nonexistent/cmd: no such file; give a program that exists and may be run"
            + " (chmod +x)",
        missing.getMessage());
    Files.writeString(work.resolve("notes.txt"), "not a program");
    assertTrue(
        assertRefused(() -> requests().exec("w", List.of("./notes.txt"), NOW))
            .getMessage()
            .startsWith("--exec " + work.resolve("notes.txt") + ": not an executable file"));
    assertEquals(
        "--exec queue-no-such-program: not found on PATH; give its path, or install it where the"
            + " processor finds it",
        assertRefused(() -> requests().exec("w", List.of("queue-no-such-program"), NOW))
            .getMessage());
  }

  private static void program(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "#!/bin/sh\n");
    assertTrue(path.toFile().setExecutable(true));
  }

  @Test
  void execWithoutACommandIsRefused() {
    assertRefused(() -> requests().exec("runner", List.of(), NOW));
    assertRefused(() -> requests().exec("runner", null, NOW));
    assertRefused(() -> requests().exec("runner", List.of(" ", "arg"), NOW));
  }

  @Test
  void inboxGivenByARelativePathIsMadeAbsoluteAndNoneMeansTheDefault() {
    assertEquals(
        work.resolve("in/alice").toString(),
        requests().inbox("alice", "in/alice", NOW).target().text(Inbox.DIRECTORY));
    assertNull(requests().inbox("alice", null, NOW).target().text(Inbox.DIRECTORY));
  }

  @Test
  void inboxAgentIsPinnedToTheHostItIsRegisteredOnAndTheOthersAreNot() {
    assertTrue(requests().inbox("alice", null, NOW).pinned());
    assertEquals(false, requests().http("web", "http://127.0.0.1/in", NOW).pinned());
    assertEquals(false, requests().pull("puller", NOW).pinned());
  }

  // A store on a server has no data directory of its own: the default inbox is fixed at
  // registration, in this host's data directory.
  @Test
  void inboxAgentWithoutAnInboxGetsOneInThisHostsDataDirectoryOnAServer() {
    Path local = work.resolve("local");
    Agent added =
        new AgentRequests(work, "host-a", local, System.getenv("PATH")).inbox("alice", null, NOW);

    assertEquals(
        local.resolve("inbox/alice").toAbsolutePath().toString(),
        added.target().text(Inbox.DIRECTORY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/in", "https://hooks.example/x?y=1", "HTTP://h/"})
  void httpAndHttpsUrlsWithAHostAreTaken(String url) {
    assertEquals("http", requests().http("web", url, NOW).transport());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://example.com/x", "not a url", "http://", "file:///etc/passwd", "//h/x", ""})
  void urlThatIsNotHttpWithAHostIsRefusedNamingIt(String url) {
    InvalidInputException error = assertRefused(() -> requests().http("web", url, NOW));

    assertTrue(error.getMessage().contains("'" + url + "'"), error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".hidden", "-dash", "a/b", "a\\b", "..", "a..b", "with space"})
  void invalidNameIsRefused(String name) {
    assertRefused(() -> requests().pull(name, NOW));
  }

  @Test
  void nameOf64CharactersIsTakenAnd65Refused() {
    assertEquals(64, requests().pull("a".repeat(64), NOW).name().length());
    assertRefused(() -> requests().pull("a".repeat(65), NOW));
  }

  @Test
  void settingsForHttpAreCheckedAndTheSecretFileMadeAbsolute() throws IOException {
    Files.writeString(work.resolve("secret"), "s3cr3t");

    Settings checked =
        requests()
            .settings(
                "http", new Settings(5, Duration.ofSeconds(3), "secret", List.of("X-Team: blue")));

    assertEquals(
        new Settings(
            5, Duration.ofSeconds(3), work.resolve("secret").toString(), List.of("X-Team: blue")),
        checked);
  }

  @Test
  void settingThatDoesNotApplyToTheTransportIsRefused() throws IOException {
    Files.writeString(work.resolve("secret"), "s3cr3t");

    assertRefused(() -> requests().settings("inbox", timeout(Duration.ofSeconds(1))));
    assertRefused(() -> requests().settings("pull", timeout(Duration.ofSeconds(1))));
    assertRefused(() -> requests().settings("exec", new Settings(null, null, "secret", null)));
    assertRefused(() -> requests().settings("exec", headers("X-A: b")));
    assertRefused(() -> requests().settings("inbox", headers("X-A: b")));
    assertEquals(
        Duration.ofSeconds(1),
        requests().settings("exec", timeout(Duration.ofSeconds(1))).timeout());
    assertEquals(3, requests().settings("inbox", new Settings(3, null, null, null)).maxAttempts());
  }

  @Test
  void settingOutOfRangeIsRefused() {
    assertRefused(() -> requests().settings("http", new Settings(0, null, null, null)));
    assertRefused(() -> requests().settings("http", timeout(Duration.ZERO)));
    assertRefused(() -> requests().settings("http", timeout(Duration.ofSeconds(-1))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"NoColon", "Bad Name: x", ": empty name", "X-A: b\r\nX-Injected: 1", "X-A: b\n"})
  void headerThatIsNotNameColonValueOnOneLineIsRefused(String header) {
    assertRefused(() -> requests().settings("http", headers(header)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Host: elsewhere",
        "Content-Length: 5",
        "transfer-encoding: chunked",
        "Connection: close",
        "Idempotency-Key: mine",
        "Content-Type: text/plain",
        "webhook-signature: v1,forged"
      })
  void headerTheConnectionOrTheQueueSetsIsRefusedNamingIt(String header) {
    InvalidInputException error = assertRefused(() -> requests().settings("http", headers(header)));

    String name = header.substring(0, header.indexOf(':'));
    assertTrue(error.getMessage().contains("header " + name + " is set by"), error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization: Bearer TOKEN\u0001",
        "Authorization: Bearer TOKEN\u007f",
        "Authorization: Bearer TOKEN\u0000",
        "Authorization: Bearer TOKEN\u00e9"
      })
  void headerValueWithAControlOrNonAsciiCharacterIsRefusedNamingTheHeaderNeverTheValue(
      String header) {
    InvalidInputException error = assertRefused(() -> requests().settings("http", headers(header)));

    assertTrue(error.getMessage().contains("header Authorization"), error.getMessage());
    assertFalse(error.getMessage().contains("TOKEN"), error.getMessage());
    assertFalse(error.getMessage().contains("Bearer"), error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://user:pa55word@127.0.0.1/in",
        "https://pa55word@hooks.example/x",
        "http://user:pa55word@[::1]:8080/",
        "http://u%40x:pa55word@h/"
      })
  void urlWithCredentialsIsRefusedWithoutShowingThemAndSaysHowToSendThem(String url) {
    InvalidInputException error = assertRefused(() -> requests().http("web", url, NOW));

    assertFalse(error.getMessage().contains("pa55word"), error.getMessage());
    assertTrue(error.getMessage().contains("***@"), error.getMessage());
    assertTrue(error.getMessage().contains("--header 'Authorization:"), error.getMessage());
    assertTrue(error.getMessage().contains("--secret-file"), error.getMessage());
  }

  @Test
  void headerOfTheRightShapeIsTaken() {
    assertEquals(
        List.of("X-Token: abc", "Accept:text/plain"),
        requests().settings("http", headers("X-Token: abc", "Accept:text/plain")).headers());
  }

  @Test
  void secretFileMustBeAReadableFile() throws IOException {
    Files.createDirectories(work.resolve("a-directory"));

    InvalidInputException missing =
        assertRefused(() -> requests().settings("http", new Settings(null, null, "missing", null)));
    assertRefused(() -> requests().settings("http", new Settings(null, null, "a-directory", null)));

    assertTrue(
        missing.getMessage().contains(work.resolve("missing").toString()), missing.getMessage());
  }

  private static Settings timeout(Duration timeout) {
    return new Settings(null, timeout, null, null);
  }

  private static Settings headers(String... headers) {
    return new Settings(null, null, null, List.of(headers));
  }
}
