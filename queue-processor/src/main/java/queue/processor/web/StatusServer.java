package queue.processor.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.InvalidInputException;

/**
 * The JDK's HTTP server on a small bounded pool, serving fixed paths read-only: GET and HEAD, any
 * other method 405, any other path 404. A request that finds every thread busy and the queue full
 * runs on the server's own thread, which slows the callers down instead of growing the pool: the
 * answers come from a shared cache and take microseconds, so that only happens under abuse.
 */
final class StatusServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
  // The JDK's server leaves Nagle's algorithm on, so a client that keeps its connection open (every
  // browser) waits for a delayed ACK, about 40 ms, on each answer. The server reads this property
  // once, when the JVM makes its first one; a value the user set is kept.
  static final String NO_DELAY = "sun.net.httpserver.nodelay";
  private static final int THREADS = 2;
  private static final int QUEUED = 64;
  private static final Map<String, String> COMMON_HEADERS =
      Map.of(
          "Cache-Control", "no-store",
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer");

  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final Map<String, Endpoint> endpoints;

  private StatusServer(HttpServer server, ThreadPoolExecutor pool, Map<String, Endpoint> routes) {
    this.server = server;
    this.pool = pool;
    this.endpoints = Map.copyOf(routes);
  }

  /** Listens on {@code address} at once; a port in use or a foreign address is exit 2. */
  static StatusServer start(InetSocketAddress address, Map<String, Endpoint> endpoints) {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    HttpServer server = bind(address);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED),
            runnable -> {
              Thread thread = new Thread(runnable, "status-http");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    StatusServer status = new StatusServer(server, pool, endpoints);
    server.createContext("/", status::handle);
    server.setExecutor(pool);
    server.start();
    return status;
  }

  private static HttpServer bind(InetSocketAddress address) {
    String named = "--http " + address.getHostString() + ":" + address.getPort();
    try {
      return HttpServer.create(address, 0);
    } catch (BindException e) {
      throw new InvalidInputException(
          "cannot listen on "
              + named
              + ": "
              + e.getMessage()
              + "; choose another port, or port 0 for any free one");
    } catch (IOException e) {
      throw new InvalidInputException("cannot listen on " + named + ": " + e);
    }
  }

  /** The address it listens on, with the port chosen when 0 was asked for. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      Endpoint endpoint = endpoints.get(exchange.getRequestURI().getPath());
      Response response;
      if (endpoint == null) {
        response = Response.text(404, "not found: try / , /api/status, /metrics or /healthz\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        response = Response.text(405, "read-only: use GET or HEAD\n");
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      } else {
        response = answer(endpoint);
      }
      send(exchange, response, method.equals("HEAD"));
    }
  }

  private static Response answer(Endpoint endpoint) {
    try {
      return endpoint.respond();
    } catch (RuntimeException e) {
      // One line, as every line of the processor's log: the page goes on answering.
      log.error("status page: a request failed: {}", String.valueOf(e).replace('\n', ' '));
      return Response.text(500, "internal error: " + e + "\n");
    }
  }

  private static void send(HttpExchange exchange, Response response, boolean head)
      throws IOException {
    COMMON_HEADERS.forEach(exchange.getResponseHeaders()::set);
    response.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    if (head) {
      // The JDK server wants a HEAD answer's length as a header, with no body announced.
      exchange.getResponseHeaders().set("Content-Length", String.valueOf(response.body().length));
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    // 0 would announce a chunked body; -1 is the JDK server's "no body".
    int length = response.body().length;
    exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
    try (OutputStream body = exchange.getResponseBody()) {
      body.write(response.body());
    }
  }

  /**
   * Stops at once: a request under way may be cut off, which a read-only page can afford, while a
   * grace period would hold up the processor's stop (JDK 17's server waits all of it).
   */
  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
