package queue.processor.web;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import queue.core.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * A headless Chromium for tests, started on a fresh profile with its DevTools endpoint on a free
 * local port. Its own log stays in memory (it chatters on stderr) and is shown only when it fails
 * to start.
 */
final class Chromium implements AutoCloseable {
  static final String HOW_TO_GET =
      "install it: apt-get install chromium (Debian), or set CHROMIUM to its binary";
  private static final String LISTENING = "DevTools listening on ";
  private static final int LOG_LINES = 40;
  private static final Duration GUARD = StatusEndpointsContract.GUARD;

  private final Process process;
  private final Path profile;
  private final Deque<String> log = new ArrayDeque<>();
  private final CompletableFuture<URI> endpoint = new CompletableFuture<>();

  private Chromium(Process process, Path profile) {
    this.process = process;
    this.profile = profile;
  }

  /**
   * The browser to use: {@code $CHROMIUM}, else the first Chromium or Chrome on the usual paths.
   */
  static Optional<Path> find() {
    String configured = System.getenv("CHROMIUM");
    List<String> candidates =
        configured != null && !configured.isBlank()
            ? List.of(configured)
            : List.of(
                "/usr/bin/chromium",
                "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome",
                "/usr/bin/google-chrome-stable");
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  static Chromium launch(Path binary, Path profile) {
    ProcessBuilder builder =
        new ProcessBuilder(
            binary.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile,
            "--remote-debugging-port=0",
            "about:blank");
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Chromium chromium;
    try {
      chromium = new Chromium(builder.start(), profile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary + "; " + HOW_TO_GET, e);
    }
    Thread reader = new Thread(chromium::readLog, "chromium-log");
    reader.setDaemon(true);
    reader.start();
    return chromium;
  }

  /** Connects to the page Chromium opened at start. */
  DevTools openPage() {
    await().atMost(GUARD).until(() -> endpoint.isDone() || !process.isAlive());
    if (!endpoint.isDone()) {
      throw new AssertionError("Chromium exited before listening; its log:\n" + logText());
    }
    URI browser = endpoint.join();
    URI list = URI.create("http://" + browser.getAuthority() + "/json/list");
    JsonNode targets = Json.mapper().readTree(new WebClient().get(list).body());
    for (JsonNode target : targets) {
      if (target.get("type").asString().equals("page")) {
        return DevTools.connect(URI.create(target.get("webSocketDebuggerUrl").asString()));
      }
    }
    throw new AssertionError("Chromium has no page open: " + targets);
  }

  private void readLog() {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        if (line.startsWith(LISTENING)) {
          endpoint.complete(URI.create(line.substring(LISTENING.length()).trim()));
        }
        synchronized (log) {
          log.addLast(line);
          if (log.size() > LOG_LINES) {
            log.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // The browser is gone; openPage reports it with the log so far.
    }
  }

  private String logText() {
    synchronized (log) {
      return String.join("\n", log);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    removeSingletonLinks();
  }

  // The profile's Singleton* links point into a directory of Chromium's own under /tmp, which it
  // leaves behind when stopped; both go, so the test leaves nothing and JUnit finds no link.
  private void removeSingletonLinks() {
    Path socket = profile.resolve("SingletonSocket");
    try {
      if (Files.isSymbolicLink(socket)) {
        Path own = Files.readSymbolicLink(socket).getParent();
        if (own != null && own.getFileName().toString().startsWith("org.chromium.")) {
          try (Stream<Path> files = Files.list(own)) {
            for (Path file : (Iterable<Path>) files::iterator) {
              Files.delete(file);
            }
          }
          Files.delete(own);
        }
      }
      for (String name : List.of("SingletonSocket", "SingletonCookie", "SingletonLock")) {
        Files.deleteIfExists(profile.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up after Chromium in " + profile, e);
    }
  }
}
