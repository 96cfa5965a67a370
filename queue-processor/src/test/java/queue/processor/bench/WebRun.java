package queue.processor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.core.testing.Percentiles;

/**
 * The status page's response times with a given number of live entries (PENDING, their agents
 * paused so that they stay): each endpoint asked once a little more than a second after the last
 * request, so every answer includes the store read the page shares (at most one a second), and then
 * asked back to back, answered from that read.
 */
final class WebRun {
  private static final List<String> PATHS = List.of("", "live", "api/status", "metrics");
  private static final long SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(1100);

  private WebRun() {}

  static void run(Path dir, Variant variant, int live, int rounds) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "%n## status page, %d live entries, %s (%s)%n%n",
        live,
        variant.name(),
        ProcessorBench.load());
    HttpClient client = HttpClient.newHttpClient();
    Map<String, long[]> fresh = new LinkedHashMap<>();
    Map<String, long[]> shared = new LinkedHashMap<>();
    PATHS.forEach(p -> fresh.put(p, new long[rounds]));
    PATHS.forEach(p -> shared.put(p, new long[rounds * 10]));
    Path data = dir.resolve("data");
    Backlog.create(data, live, true).close();
    try (Daemon daemon =
        variant.start(data, dir.resolve("processor.log"), "--http", "127.0.0.1:0")) {
      String page = daemon.statusPage();
      for (String path : PATHS) {
        time(client, page + path);
      }
      for (int round = 0; round < rounds; round++) {
        for (String path : PATHS) {
          LockSupport.parkNanos(SPACING_NANOS);
          fresh.get(path)[round] = time(client, page + path);
        }
      }
      for (String path : PATHS) {
        long[] samples = shared.get(path);
        for (int i = 0; i < samples.length; i++) {
          samples[i] = time(client, page + path);
        }
      }
      System.out.println(
          "| endpoint | with the store read p50 / p99 ms | from the shared read p50 / p99 ms |");
      System.out.println("|---|---:|---:|");
      for (String path : PATHS) {
        Percentiles cold = Percentiles.of(fresh.get(path));
        Percentiles warm = Percentiles.of(shared.get(path));
        System.out.printf(
            Locale.ROOT,
            "| /%s | %.1f / %.1f | %.2f / %.2f |%n",
            path,
            cold.p50(),
            cold.p99(),
            warm.p50(),
            warm.p99());
      }
      System.out.printf(Locale.ROOT, "%npeak RSS: %d MB%n", daemon.peakRssMb());
    }
  }

  private static long time(HttpClient client, String url) throws Exception {
    long start = System.nanoTime();
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    long took = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode());
    }
    return took;
  }
}
