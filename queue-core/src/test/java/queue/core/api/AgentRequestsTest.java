package queue.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import queue.core.model.Agent;
import queue.core.model.AgentSettings;
import queue.core.model.Transport;

/** What a registration refuses before it reads the queue, and how it fills in paths. */
class AgentRequestsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path work;

  private AgentRequests requests() {
    return new AgentRequests(work, "host-a");
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
    assertEquals(Transport.PULL, agent.transport());
    assertEquals("host-a", agent.host());
    assertEquals(NOW, agent.registeredAt());
    assertTrue(agent.settings().isDefault());
    assertEquals(false, agent.paused());
  }

  @Test
  void execCommandGivenByARelativePathIsMadeAbsoluteAgainstTheWorkingDirectory() {
    Agent agent = requests().exec("runner", List.of("bin/handle.sh", "--fast", "x y"), NOW);

    assertEquals(List.of(work.resolve("bin/handle.sh").toString(), "--fast", "x y"), agent.exec());
    assertEquals(
        List.of(work.resolve("handle").toString()),
        requests().exec("r2", List.of("./sub/../handle"), NOW).exec());
  }

  @Test
  void execCommandByBareNameOrAbsolutePathIsKept() {
    assertEquals(
        List.of("python3", "-u"), requests().exec("py", List.of("python3", "-u"), NOW).exec());
    assertEquals(List.of("/bin/cat"), requests().exec("cat", List.of("/bin/cat"), NOW).exec());
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
        work.resolve("in/alice").toString(), requests().inbox("alice", "in/alice", NOW).inbox());
    assertNull(requests().inbox("alice", null, NOW).inbox());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/in", "https://hooks.example/x?y=1", "HTTP://h/"})
  void httpAndHttpsUrlsWithAHostAreTaken(String url) {
    assertEquals(Transport.HTTP, requests().http("web", url, NOW).transport());
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

    AgentSettings checked =
        requests()
            .settings(
                Transport.HTTP,
                new AgentSettings(5, Duration.ofSeconds(3), "secret", List.of("X-Team: blue")));

    assertEquals(
        new AgentSettings(
            5, Duration.ofSeconds(3), work.resolve("secret").toString(), List.of("X-Team: blue")),
        checked);
  }

  @Test
  void settingThatDoesNotApplyToTheTransportIsRefused() throws IOException {
    Files.writeString(work.resolve("secret"), "s3cr3t");

    assertRefused(() -> requests().settings(Transport.INBOX, timeout(Duration.ofSeconds(1))));
    assertRefused(() -> requests().settings(Transport.PULL, timeout(Duration.ofSeconds(1))));
    assertRefused(
        () -> requests().settings(Transport.EXEC, new AgentSettings(null, null, "secret", null)));
    assertRefused(() -> requests().settings(Transport.EXEC, headers("X-A: b")));
    assertRefused(() -> requests().settings(Transport.INBOX, headers("X-A: b")));
    assertEquals(
        Duration.ofSeconds(1),
        requests().settings(Transport.EXEC, timeout(Duration.ofSeconds(1))).timeout());
    assertEquals(
        3,
        requests().settings(Transport.INBOX, new AgentSettings(3, null, null, null)).maxAttempts());
  }

  @Test
  void settingOutOfRangeIsRefused() {
    assertRefused(
        () -> requests().settings(Transport.HTTP, new AgentSettings(0, null, null, null)));
    assertRefused(() -> requests().settings(Transport.HTTP, timeout(Duration.ZERO)));
    assertRefused(() -> requests().settings(Transport.HTTP, timeout(Duration.ofSeconds(-1))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"NoColon", "Bad Name: x", ": empty name", "X-A: b\r\nX-Injected: 1", "X-A: b\n"})
  void headerThatIsNotNameColonValueOnOneLineIsRefused(String header) {
    assertRefused(() -> requests().settings(Transport.HTTP, headers(header)));
  }

  @Test
  void headerOfTheRightShapeIsTaken() {
    assertEquals(
        List.of("X-Token: abc", "Accept:text/plain"),
        requests()
            .settings(Transport.HTTP, headers("X-Token: abc", "Accept:text/plain"))
            .headers());
  }

  @Test
  void secretFileMustBeAReadableFile() throws IOException {
    Files.createDirectories(work.resolve("a-directory"));

    InvalidInputException missing =
        assertRefused(
            () ->
                requests()
                    .settings(Transport.HTTP, new AgentSettings(null, null, "missing", null)));
    assertRefused(
        () ->
            requests()
                .settings(Transport.HTTP, new AgentSettings(null, null, "a-directory", null)));

    assertTrue(
        missing.getMessage().contains(work.resolve("missing").toString()), missing.getMessage());
  }

  private static AgentSettings timeout(Duration timeout) {
    return new AgentSettings(null, timeout, null, null);
  }

  private static AgentSettings headers(String... headers) {
    return new AgentSettings(null, null, null, List.of(headers));
  }
}
