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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP peer on 127.0.0.1 that accepts every POST and records each delivery by its
 * Idempotency-Key, with the "round" (which processor run) it arrived in, so duplicates can be told
 * apart: a re-delivery across a crash is allowed, one within a run is not.
 */
public final class CountingPeer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final Map<String, List<Integer>> roundsByKey = new ConcurrentHashMap<>();
  private final AtomicInteger deliveries = new AtomicInteger();
  private final long workNanos;
  private volatile int round;

  public CountingPeer(long workMicros) throws IOException {
    this.workNanos = TimeUnit.MICROSECONDS.toNanos(workMicros);
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
    if (workNanos > 0) {
      // A peer that takes a moment per delivery, so a kill lands mid-drain.
      LockSupport.parkNanos(workNanos);
    }
    List<Integer> rounds = roundsByKey.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (rounds) {
      rounds.add(arrivedIn);
    }
    deliveries.incrementAndGet();
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
