package queue.processor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an open status page asks of the processor: the page once, then its live part every two
 * seconds, as status.js does.
 */
final class BrowserPoller implements AutoCloseable {
  private static final Duration PERIOD = Duration.ofSeconds(2);

  private final HttpClient client = HttpClient.newHttpClient();
  private final String page;
  private final Thread thread;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean stopped;

  BrowserPoller(String page) {
    this.page = page;
    this.thread = new Thread(this::run, "browser-poller");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      get(page);
      while (!stopped) {
        Thread.sleep(PERIOD.toMillis());
        get(page + "live");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.io.IOException e) {
      System.err.println("status page poller: " + e);
    }
  }

  private void get(String url) throws java.io.IOException, InterruptedException {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new java.io.IOException(url + " answered " + response.statusCode());
    }
    requests.incrementAndGet();
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
