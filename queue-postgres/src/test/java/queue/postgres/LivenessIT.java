package queue.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.core.api.ProcessorInfo;

/** A processor killed with {@code kill -9}: every host sees it gone within seconds. */
class LivenessIT extends StoreFixture {

  @Test
  void aKilledProcessorIsNotRunningWithinSeconds() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RegisteredProcessorMain.class.getName(),
                url,
                directory.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("registered", out.readLine());
      assertEquals(
          List.of(child.pid()),
          store.liveness().running().stream().map(ProcessorInfo::pid).toList());

      child.destroyForcibly().waitFor();

      // The server drops the session, and its lock, when the killed process's socket closes: no
      // timer is involved, so the bound is only a guard against a hang (issue 19, defect 12).
      await().atMost(Duration.ofMinutes(1)).until(() -> store.liveness().running().isEmpty());
    } finally {
      child.destroyForcibly();
    }
  }
}
