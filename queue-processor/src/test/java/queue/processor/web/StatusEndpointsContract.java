package queue.processor.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Liveness;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.documents.StatusDocument;
import queue.core.json.Json;
import queue.core.testing.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the status server answers, on a store with an agent in every state and a processor
 * delivering: run against every kind of store. Time moves only when a test moves it, so the shared
 * status read (cached for a second) is refreshed exactly when a test says.
 */
abstract class StatusEndpointsContract {
  /** Configured as queue-cli's output mapper: the product's mapper, writing nulls. */
  private static final JsonMapper CLI_MAPPER =
      Json.mapper()
          .rebuild()
          .changeDefaultPropertyInclusion(
              incl -> incl.withValueInclusion(JsonInclude.Include.ALWAYS))
          .build();

  // Only a guard against a hang on a loaded machine; no test asserts how long anything takes.
  static final Duration GUARD = Duration.ofMinutes(1);

  @TempDir Path dir;
  final MutableClock clock = MutableClock.startingAt("2026-03-01T12:00:00Z");
  final WebClient client = new WebClient();
  QueueStore store;
  private Liveness.Registration otherProcessor;

  abstract QueueStore open(Path directory, MutableClock clock);

  @BeforeEach
  void setScene() {
    store = open(dir.resolve("store"), clock);
    otherProcessor = QueueScene.build(store, dir.resolve("inboxes"), clock);
  }

  @AfterEach
  void closeStore() {
    otherProcessor.close();
    store.close();
  }

  @Test
  void apiStatusIsTheDocumentOfQueueStatusJson() throws Exception {
    try (RunningProcessor processor =
        RunningProcessor.start(store, dir.resolve("inboxes"), clock)) {
      awaitDelivered("alice", 2);
      clock.advance(StatusCache.MAX_AGE);
      HttpResponse<String> served = client.get(processor.uri("/api/status"));

      String cli =
          CLI_MAPPER.writeValueAsString(
              StatusDocument.of(store.reports().status(), store.liveness().running(), null));
      assertEquals(200, served.statusCode());
      assertEquals("application/json", served.headers().firstValue("Content-Type").orElseThrow());
      JsonNode document = Json.mapper().readTree(served.body());
      assertEquals(Json.mapper().readTree(cli), document);
      JsonNode carol = document.get("agents").get(2);
      assertEquals("carol", carol.get("name").asString());
      assertTrue(carol.get("lastDeliveredAt").isNull(), "a field without a value is written null");
      assertFalse(document.has("message"));
    }
  }

  @Test
  void metricsParseAsPrometheusTextAndMoveWithDeliveries() throws Exception {
    try (RunningProcessor processor =
        RunningProcessor.start(store, dir.resolve("inboxes"), clock)) {
      awaitDelivered("alice", 2);
      clock.advance(Duration.ofSeconds(90));
      PrometheusText before = scrape(processor);
      assertFamilies(before);
      assertEquals(2.0, before.value("queue_delivered_total", "agent", "alice"));
      assertEquals(1.0, before.value("queue_entries", "agent", "bob", "state", "pending"));
      assertEquals(1.0, before.value("queue_entries", "agent", "carol", "state", "failed"));
      assertEquals(1.0, before.value("queue_entries", "agent", "dave", "state", "scheduled"));
      assertEquals(1.0, before.value("queue_entries", "agent", "erin", "state", "processing"));
      assertEquals(90.0, before.value("queue_oldest_pending_age_seconds", "agent", "bob"));
      assertEquals(1.0, before.value("queue_agent_paused", "agent", "bob"));
      assertEquals(1.0, before.value("queue_processor_up"));
      assertEquals(2.0, attempts(before));

      for (int i = 0; i < 3; i++) {
        QueueScene.send(store, SendRequest.to(List.of("alice"), "ops", "more " + i));
      }
      await().atMost(GUARD).until(() -> attempts(scrape(processor)) == 5.0);
      awaitDelivered("alice", 5);
      clock.advance(StatusCache.MAX_AGE);
      PrometheusText after = scrape(processor);
      assertEquals(5.0, after.value("queue_delivered_total", "agent", "alice"));
      assertEquals(5.0, after.value("queue_delivery_duration_seconds_count", "transport", "inbox"));
      assertEquals(
          5.0,
          after.value(
              "queue_delivery_duration_seconds_bucket", "transport", "inbox", "le", "+Inf"));
    }
  }

  @Test
  void healthzAnswersOkWhileTheProcessorRunsAndItsStoreAnswers() throws Exception {
    try (RunningProcessor processor =
        RunningProcessor.start(store, dir.resolve("inboxes"), clock)) {
      HttpResponse<String> health = client.get(processor.uri("/healthz"));
      assertEquals(200, health.statusCode());
      assertEquals("ok\n", health.body());
    }
  }

  @Test
  void pageEscapesEveryNameBodyAndError() throws Exception {
    try (RunningProcessor processor =
        RunningProcessor.start(store, dir.resolve("inboxes"), clock)) {
      awaitDelivered("alice", 2);
      for (String path : List.of("/", "/live")) {
        String page = client.get(processor.uri(path)).body();
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), path);
        assertFalse(page.contains(QueueScene.SCRIPT_BODY), path);
        assertTrue(page.contains("&lt;b&gt;boom&lt;/b&gt; &amp; more"), path);
        assertFalse(page.contains("<b>boom</b>"), path);
      }
      HttpResponse<String> page = client.get(processor.uri("/"));
      assertEquals(1, page.body().split("<script", -1).length - 1, "only the page's own script");
      String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertTrue(policy.contains("script-src 'sha256-"), policy);
    }
  }

  @Test
  void answersGetAndHeadOnlyOnItsOwnPaths() throws Exception {
    try (RunningProcessor processor =
        RunningProcessor.start(store, dir.resolve("inboxes"), clock)) {
      HttpResponse<String> post = client.send("POST", processor.uri("/api/status"));
      assertEquals(405, post.statusCode());
      assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
      HttpResponse<String> head = client.send("HEAD", processor.uri("/healthz"));
      assertEquals(200, head.statusCode());
      assertEquals("", head.body());
      assertEquals("3", head.headers().firstValue("Content-Length").orElseThrow());
      assertEquals(404, client.get(processor.uri("/admin")).statusCode());
    }
  }

  @Test
  void requestsWithinASecondShareOneStoreRead() throws Exception {
    try (RunningProcessor processor =
        RunningProcessor.start(store, dir.resolve("inboxes"), clock)) {
      assertEquals(1, pendingOf(processor, "bob"));
      QueueScene.send(store, SendRequest.to(List.of("bob"), "ops", "while paused"));
      assertEquals(1, pendingOf(processor, "bob"), "the read of a moment ago is shared");
      clock.advance(StatusCache.MAX_AGE);
      assertEquals(2, pendingOf(processor, "bob"));
    }
  }

  private long pendingOf(RunningProcessor processor, String agent) throws Exception {
    JsonNode agents =
        Json.mapper().readTree(client.get(processor.uri("/api/status")).body()).get("agents");
    for (JsonNode row : agents) {
      if (row.get("name").asString().equals(agent)) {
        return row.get("pending").asLong();
      }
    }
    throw new AssertionError("no agent " + agent + " in " + agents);
  }

  void awaitDelivered(String agent, long count) {
    await()
        .atMost(GUARD)
        .until(
            () ->
                store.reports().status().agents().stream()
                    .anyMatch(a -> a.name().equals(agent) && a.counts().delivered() == count));
  }

  PrometheusText scrape(RunningProcessor processor) {
    HttpResponse<String> metrics = client.get(processor.uri("/metrics"));
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
    return PrometheusText.parse(metrics.body());
  }

  private static double attempts(PrometheusText metrics) {
    Double value =
        metrics.value(
            "queue_delivery_attempts_total",
            "agent",
            "alice",
            "transport",
            "inbox",
            "outcome",
            "delivered");
    return value == null ? 0 : value;
  }

  private static void assertFamilies(PrometheusText metrics) {
    assertEquals("gauge", metrics.type("queue_entries"));
    assertEquals("counter", metrics.type("queue_delivered_total"));
    assertEquals("counter", metrics.type("queue_delivery_attempts_total"));
    assertEquals("histogram", metrics.type("queue_delivery_duration_seconds"));
    assertEquals("gauge", metrics.type("queue_oldest_pending_age_seconds"));
    assertEquals("gauge", metrics.type("queue_processor_up"));
  }
}
