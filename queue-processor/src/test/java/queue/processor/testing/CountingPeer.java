package queue.processor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP peer on 127.0.0.1 that accepts every POST and records each delivery by its
 * Idempotency-Key, with the "round" (which processor run) it arrived in, so duplicates can be told
 * apart: a re-delivery across a crash is allowed, one within a run is not. It answers each request
 * after a short delay (scheduled, not slept), like a peer that does some work, so a kill lands
 * mid-drain.
 */
public final class CountingPeer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
  private final Map<String, List<Integer>> roundsByKey = new ConcurrentHashMap<>();
  private final AtomicInteger deliveries = new AtomicInteger();
  private final long delayMicros;
  private volatile int round;

  public CountingPeer(long delayMicros) throws IOException {
    this.delayMicros = delayMicros;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String url(String agent) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + agent;
  }

  public void setRound(int value) {
    round = value;
  }

  public int deliveries() {
    return deliveries.get();
  }

  /** Every key delivered, with the rounds of its deliveries in arrival order. */
  public Map<String, List<Integer>> roundsByKey() {
    Map<String, List<Integer>> copy = new ConcurrentHashMap<>();
    roundsByKey.forEach(
        (key, rounds) -> {
          synchronized (rounds) {
            copy.put(key, List.copyOf(rounds));
          }
        });
    return copy;
  }

  private void handle(HttpExchange exchange) throws IOException {
    // Taken first: a request sent by a run that is killed now still counts for that run.
    int arrivedIn = round;
    exchange.getRequestBody().readAllBytes();
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    List<Integer> rounds = roundsByKey.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (rounds) {
      rounds.add(arrivedIn);
    }
    deliveries.incrementAndGet();
    answers.schedule(() -> answer(exchange), delayMicros, TimeUnit.MICROSECONDS);
  }

  private static void answer(HttpExchange exchange) {
    try {
      exchange.sendResponseHeaders(200, -1);
    } catch (IOException e) {
      // The processor was killed and the connection is gone: the delivery counted anyway.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    answers.shutdownNow();
    executor.shutdownNow();
  }
}
