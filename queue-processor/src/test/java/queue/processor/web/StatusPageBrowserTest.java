package queue.processor.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.snapshot.MemoryStore;

/**
 * What a person sees on the status page, in a real browser (headless Chromium over the DevTools
 * protocol): every agent's row and counts, the failed agent's error, the charts, a script body
 * shown as text and never run, and the page following a new send without a reload. Saves a
 * screenshot to target/ (to refresh the README's: {@code
 * -Dqueue.screenshot=$PWD/docs/status-page.png}). Skipped where no Chromium is installed, except on
 * CI.
 */
class StatusPageBrowserTest {
  private static final Path SCREENSHOT =
      Path.of(
              System.getProperty(
                  "queue.screenshot",
                  Path.of(System.getProperty("basedir", "."), "target", "status-page.png")
                      .toString()))
          .toAbsolutePath()
          .normalize();
  private static final Duration GUARD = StatusEndpointsContract.GUARD;

  @TempDir Path dir;

  @Test
  void aPersonSeesEveryAgentTheChartsAndTheNextDeliveryWithoutAReload() throws IOException {
    Path binary = chromium();
    Clock clock = Clock.systemUTC();
    try (QueueStore store = MemoryStore.open(OpenOptions.defaults(clock))) {
      Liveness.Registration otherProcessor = QueueScene.build(store, dir.resolve("inboxes"), clock);
      try (RunningProcessor processor =
              RunningProcessor.start(store, dir.resolve("inboxes"), clock);
          Chromium chromium = Chromium.launch(binary, dir.resolve("profile"));
          DevTools page = chromium.openPage()) {
        awaitDelivered(store, 2);
        open(page, processor.uri("/").toString());

        assertAgentRows(page);
        assertChartsDrawn(page);
        assertScriptBodyShownAsText(page);

        page.evaluate("window.statusMarker = 'still here'");
        QueueScene.send(store, SendRequest.to(List.of("alice"), "ops", "one more"));
        await().atMost(GUARD).until(() -> cell(page, "alice", "delivered").equals("3"));
        assertEquals("still here", page.evaluate("window.statusMarker").asString(), "no reload");
        saveScreenshot(page);
      } finally {
        otherProcessor.close();
      }
    }
  }

  private static Path chromium() {
    Path binary = Chromium.find().orElse(null);
    if (binary == null && "true".equals(System.getenv("CI"))) {
      fail("CI must run the browser test, and no Chromium is installed: " + Chromium.HOW_TO_GET);
    }
    if (binary == null) {
      // Said on the console too: Surefire shows a skip's reason only in its reports.
      String reason =
          "StatusPageBrowserTest skipped: no Chromium found, so the status page was not tried in"
              + " a browser; "
              + Chromium.HOW_TO_GET;
      System.err.println(reason);
      Assumptions.abort(reason);
    }
    return binary;
  }

  private static void open(DevTools page, String url) {
    page.call("Page.enable");
    page.call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1, "mobile", false));
    page.call("Page.navigate", Map.of("url", url));
    await()
        .atMost(GUARD)
        .until(
            () ->
                page.evaluate("location.href").asString().equals(url)
                    && page.evaluate("document.readyState").asString().equals("complete"));
  }

  private static void assertAgentRows(DevTools page) {
    assertEquals(
        "alice,bob,carol,dave,erin",
        page.evaluate(
                "[...document.querySelectorAll('tr[data-agent]')].map(r => r.dataset.agent).join()")
            .asString());
    assertEquals("2", cell(page, "alice", "delivered"));
    assertEquals("inbox", page.evaluate(rowText("alice", "td")).asString());
    assertEquals("1", cell(page, "bob", "pending"));
    assertEquals("paused", cell(page, "bob", "state"));
    assertEquals("1", cell(page, "carol", "failed"));
    assertEquals(QueueScene.CAROL_ERROR, cell(page, "carol", "last-error"));
    assertEquals("1", cell(page, "dave", "scheduled"));
    assertEquals("1", cell(page, "erin", "processing"));
    assertEquals(
        2,
        page.evaluate("document.querySelectorAll('.processors tbody tr').length").asInt(),
        "this processor and the one on another host");
  }

  private static void assertChartsDrawn(DevTools page) {
    assertEquals(2, page.evaluate("document.querySelectorAll('svg.chart').length").asInt());
    assertTrue(
        page.evaluate("document.querySelectorAll('svg.outcomes rect.d').length").asInt() > 0);
  }

  private static void assertScriptBodyShownAsText(DevTools page) {
    assertTrue(
        page.evaluate(
                "[...document.querySelectorAll('.messages .body')]"
                    + ".some(b => b.textContent === '"
                    + QueueScene.SCRIPT_BODY
                    + "')")
            .asBoolean());
    assertEquals(1, page.evaluate("document.querySelectorAll('script').length").asInt());
    assertEquals(List.of(), page.events("Page.javascriptDialogOpening"), "no alert ran");
    assertEquals(0, page.evaluate("document.querySelectorAll('td.error b').length").asInt());
  }

  private static String cell(DevTools page, String agent, String field) {
    return page.evaluate(rowText(agent, "[data-field=\"" + field + "\"]")).asString();
  }

  private static String rowText(String agent, String selector) {
    return "document.querySelector('tr[data-agent=\""
        + agent
        + "\"] "
        + selector
        + "').textContent";
  }

  private static void awaitDelivered(QueueStore store, long count) {
    await()
        .atMost(GUARD)
        .until(
            () ->
                store.reports().status().agents().stream()
                    .anyMatch(a -> a.name().equals("alice") && a.counts().delivered() == count));
  }

  private static void saveScreenshot(DevTools page) throws IOException {
    int height = page.evaluate("document.documentElement.scrollHeight").asInt();
    page.call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 1280, "height", height, "deviceScaleFactor", 1, "mobile", false));
    String png =
        page.call("Page.captureScreenshot", Map.of("format", "png")).get("data").asString();
    Files.write(SCREENSHOT, Base64.getDecoder().decode(png));
  }
}
