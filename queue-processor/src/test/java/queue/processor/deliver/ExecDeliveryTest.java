package queue.processor.deliver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.lease.Claim;
import queue.processor.testing.Claims;

class ExecDeliveryTest {
  @TempDir Path dir;
  private final ExecDelivery exec = new ExecDelivery(Duration.ofSeconds(10));

  @Test
  void argumentsArriveUntouchedAndStdinIsTheExactJson() throws Exception {
    List<String> tricky =
        List.of("two words", "it's", "\"quoted\"", "a;rm -rf /", "$(touch pwned)", "`id`", "*", "");
    List<String> argv = new ArrayList<>(List.of("sh", "-c", recordArgsAndStdin(), "sh"));
    argv.addAll(tricky);
    Claim claim = Claims.claim(Claims.exec("alice", argv), "e-1", "héllo\nworld", 0);
    byte[] payload = Payload.of(claim).toJson();

    assertInstanceOf(DeliveryResult.Delivered.class, exec.deliver(claim, payload));

    String[] received = Files.readString(dir.resolve("args")).split("\0", -1);
    assertEquals(tricky, Arrays.asList(received).subList(0, received.length - 1));
    assertArrayEquals(payload, Files.readAllBytes(dir.resolve("stdin")));
    assertTrue(Files.notExists(dir.resolve("pwned")));
  }

  @Test
  void aNonZeroExitIsRetriedWithTheCommandsOutput() throws Exception {
    Claim claim =
        Claims.claim(
            Claims.exec("alice", List.of("sh", "-c", "echo out; echo err >&2; exit 3")),
            "e-1",
            "x",
            0);

    DeliveryResult result = exec.deliver(claim, Payload.of(claim).toJson());

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(retry.error().contains("exited with 3"), retry.error());
    assertTrue(retry.error().contains("out") && retry.error().contains("err"), retry.error());
  }

  @Test
  void aCommandThatCannotStartIsRetried() throws Exception {
    Claim claim =
        Claims.claim(
            Claims.exec("alice", List.of(dir.resolve("missing").toString())), "e-1", "x", 0);

    DeliveryResult result = exec.deliver(claim, Payload.of(claim).toJson());

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(retry.error().contains("cannot run"), retry.error());
  }

  @Test
  void aHangingCommandIsKilledAfterTheTimeout() throws Exception {
    ExecDelivery impatient = new ExecDelivery(Duration.ofMillis(300));
    Path pidFile = dir.resolve("pid");
    Claim claim =
        Claims.claim(
            Claims.exec("alice", List.of("sh", "-c", "echo $$ > '" + pidFile + "'; exec sleep 60")),
            "e-1",
            "x",
            0);

    DeliveryResult result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> impatient.deliver(claim, Payload.of(claim).toJson()));

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(retry.error().contains("was killed"), retry.error());
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void aCommandThatIgnoresStdinStillCompletes() throws Exception {
    Claim claim =
        Claims.claim(Claims.exec("alice", List.of("true")), "e-1", "x".repeat(1_000_000), 0);

    DeliveryResult result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> exec.deliver(claim, Payload.of(claim).toJson()));

    assertInstanceOf(DeliveryResult.Delivered.class, result);
  }

  @Test
  void outputIsCappedInTheError() throws Exception {
    Claim claim =
        Claims.claim(
            Claims.exec(
                "alice", List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' y; exit 1")),
            "e-1",
            "x",
            0);

    DeliveryResult.Retry retry =
        assertInstanceOf(
            DeliveryResult.Retry.class, exec.deliver(claim, Payload.of(claim).toJson()));

    assertTrue(
        retry.error().length() < ExecDelivery.MAX_OUTPUT_BYTES + 200, "" + retry.error().length());
  }

  private String recordArgsAndStdin() {
    String args = dir.resolve("args").toString().replace("'", "'\\''");
    String stdin = dir.resolve("stdin").toString().replace("'", "'\\''");
    return "printf '%s\\0' \"$@\" > '" + args + "'; cat > '" + stdin + "'";
  }
}
