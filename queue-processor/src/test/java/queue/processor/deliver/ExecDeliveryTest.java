package queue.processor.deliver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Claim;
import queue.processor.testing.Claims;
import queue.processor.testing.Processes;

class ExecDeliveryTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final ExecDelivery exec = new ExecDelivery();

  @Test
  void argumentsArriveUntouchedAndStdinIsTheExactJson() throws Exception {
    List<String> tricky =
        List.of("two words", "it's", "\"quoted\"", "a;rm -rf /", "$(touch pwned)", "`id`", "*", "");
    List<String> argv = new ArrayList<>(List.of("sh", "-c", recordArgsAndStdin(), "sh"));
    argv.addAll(tricky);
    Claim claim = Claims.claim(Claims.exec("alice", argv), "e-1", "héllo\nworld", 0);
    byte[] payload = Payload.of(claim);

    assertInstanceOf(DeliveryResult.Delivered.class, exec.deliver(claim, payload, TIMEOUT));

    String[] received = Files.readString(dir.resolve("args")).split("\0", -1);
    assertEquals(tricky, Arrays.asList(received).subList(0, received.length - 1));
    assertArrayEquals(payload, Files.readAllBytes(dir.resolve("stdin")));
    assertTrue(Files.notExists(dir.resolve("pwned")));
  }

  @Test
  void aNonZeroExitIsRetriedWithTheCommandsOutputOnOneLine() throws Exception {
    DeliveryResult result = run("echo out; echo err >&2; exit 3");

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertEquals(
        "sh -c 'echo out; echo err >&2; exit 3' exited with 3: out err",
        retry.error(),
        "the command quoted as 'queue agents list' shows it");
  }

  @Test
  void binaryOutputIsKeptAsValidTextOnOneLine() throws Exception {
    DeliveryResult result = run("printf 'a\\000b\\377\\376c\\r\\nd\\033[0m'; exit 1");

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(retry.error().endsWith("exited with 1: a b\uFFFD\uFFFDc d [0m"), retry.error());
  }

  @Test
  void outputIsCappedInTheError() throws Exception {
    DeliveryResult result = run("head -c 1000000 /dev/zero | tr '\\0' y; exit 1");

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(retry.error().length() < ErrorText.MAX_CHARS + 200, "" + retry.error().length());
  }

  @Test
  void aCommandThatIsNotThereFailsForGoodInsteadOfBeingRetried() throws Exception {
    Claim claim =
        Claims.claim(
            Claims.exec("alice", List.of(dir.resolve("missing").toString())), "e-1", "x", 0);

    DeliveryResult result = exec.deliver(claim, Payload.of(claim), TIMEOUT);

    DeliveryResult.Permanent failed = assertInstanceOf(DeliveryResult.Permanent.class, result);
    assertEquals("cannot run " + dir.resolve("missing") + ": no such file", failed.error());
  }

  @Test
  void aBareNameNotOnThePathOrAFileThatMayNotRunFailsForGood() throws Exception {
    Claim bare =
        Claims.claim(Claims.exec("alice", List.of("queue-no-such-program", "-x")), "e-1", "x", 0);
    DeliveryResult.Permanent notFound =
        assertInstanceOf(
            DeliveryResult.Permanent.class, exec.deliver(bare, Payload.of(bare), TIMEOUT));
    assertEquals("cannot run queue-no-such-program -x: not found on PATH", notFound.error());

    Path plain = Files.writeString(dir.resolve("plain file"), "not a program");
    Claim notRunnable =
        Claims.claim(Claims.exec("alice", List.of(plain.toString())), "e-2", "x", 0);
    DeliveryResult.Permanent refused =
        assertInstanceOf(
            DeliveryResult.Permanent.class,
            exec.deliver(notRunnable, Payload.of(notRunnable), TIMEOUT));
    assertEquals("cannot run '" + plain + "': not an executable file", refused.error());
  }

  @Test
  void aHangingCommandIsKilledAtItsDeadline() throws Exception {
    Path pidFile = dir.resolve("pid");
    Claim claim =
        Claims.claim(
            Claims.exec("alice", List.of("sh", "-c", "echo $$ > '" + pidFile + "'; exec sleep 60")),
            "e-1",
            "x",
            0);

    DeliveryResult result = exec.deliver(claim, Payload.of(claim), Duration.ofMillis(300));

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(retry.error().contains("did not finish within 300ms and was killed"), retry.error());
    assertGone(Set.of(Long.parseLong(Files.readString(pidFile).trim())));
  }

  @Test
  void whatACommandLeftRunningInTheBackgroundIsKilledWhenItEnds() throws Exception {
    // A child, and a grandchild whose parent exits at once, so init adopts it.
    DeliveryResult result =
        run(
            "sleep 300 & echo $! >> '"
                + dir.resolve("pids")
                + "'; sh -c 'sleep 300 & echo $! >> \""
                + dir.resolve("pids")
                + "\"'; exit 0");

    assertInstanceOf(DeliveryResult.Delivered.class, result);
    Set<Long> pids =
        Files.readAllLines(dir.resolve("pids")).stream()
            .map(Long::parseLong)
            .collect(Collectors.toSet());
    assertEquals(2, pids.size());
    assertGone(pids);
  }

  @Test
  void aCommandThatIgnoresStdinStillCompletes() throws Exception {
    Claim claim =
        Claims.claim(Claims.exec("alice", List.of("true")), "e-1", "x".repeat(1_000_000), 0);

    DeliveryResult result = exec.deliver(claim, Payload.of(claim), TIMEOUT);

    assertInstanceOf(DeliveryResult.Delivered.class, result);
  }

  @Test
  void aCommandWhosePathIsNotAsciiRuns() throws Exception {
    Path script = Files.createDirectories(dir.resolve("agent héllo ✓ 日本")).resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\ncat > \"$(dirname \"$0\")/got\"\n");
    assertTrue(script.toFile().setExecutable(true));
    Claim claim = Claims.claim(Claims.exec("alice", List.of(script.toString())), "e-1", "✓", 0);

    DeliveryResult result = exec.deliver(claim, Payload.of(claim), TIMEOUT);

    assertInstanceOf(DeliveryResult.Delivered.class, result);
    assertTrue(Files.readString(script.resolveSibling("got")).contains("\"body\":\"✓\""));
  }

  private DeliveryResult run(String script) throws InterruptedException {
    Claim claim = Claims.claim(Claims.exec("alice", List.of("sh", "-c", script)), "e-1", "x", 0);
    return exec.deliver(claim, Payload.of(claim), TIMEOUT);
  }

  private static void assertGone(Set<Long> pids) {
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> pids.stream().noneMatch(Processes::isRunning));
  }

  private String recordArgsAndStdin() throws IOException {
    String args = dir.resolve("args").toString().replace("'", "'\\''");
    String stdin = dir.resolve("stdin").toString().replace("'", "'\\''");
    return "printf '%s\\0' \"$@\" > '" + args + "'; cat > '" + stdin + "'";
  }
}
