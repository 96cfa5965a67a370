package queue.processor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.store.FileStore;
import queue.core.testing.MutableClock;

class FileStoreEndpointsTest extends StatusEndpointsContract {

  @Override
  QueueStore open(Path directory, MutableClock clock) {
    return FileStore.open(directory, OpenOptions.defaults(clock));
  }

  // Without a processor: its loop would fail on the damaged file too, and say so in the log.
  @Test
  void aCorruptQueueJsonFailsHealthzAndShowsOnEveryEndpoint() throws Exception {
    try (StatusWeb web =
        StatusWeb.start(RunningProcessor.loopback(), store, clock, QueueScene.observer(clock))) {
      assertEquals(200, client.get(WebClient.uri(web, "/healthz")).statusCode());
      Files.writeString(dir.resolve("store").resolve("queue.json"), "{\"entries\": [tru");
      clock.advance(StatusCache.MAX_AGE);

      HttpResponse<String> health = client.get(WebClient.uri(web, "/healthz"));
      assertEquals(503, health.statusCode());
      assertTrue(health.body().startsWith("store unreadable: "), health.body());
      HttpResponse<String> status = client.get(WebClient.uri(web, "/api/status"));
      assertEquals(503, status.statusCode());
      assertTrue(status.body().startsWith("{\"error\":"), status.body());
      PrometheusText metrics =
          PrometheusText.parse(client.get(WebClient.uri(web, "/metrics")).body());
      assertEquals(0.0, metrics.value("queue_store_up"));
      assertEquals(1.0, metrics.value("queue_processor_up"));
      assertNull(metrics.value("queue_entries", "agent", "alice", "state", "pending"));
      String page = client.get(WebClient.uri(web, "/")).body();
      assertTrue(page.contains("The store cannot be read: "), page);
    }
  }
}
