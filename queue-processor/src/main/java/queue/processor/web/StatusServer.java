package queue.processor.web;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.InvalidInputException;

/**
 * The status page's HTTP server: Jetty's (its core, no servlets), serving fixed paths read-only:
 * GET and HEAD, any other method 405, any other path 404.
 *
 * <p>Why not the JDK's {@code HttpServer} (issue 19, defect 2): it reads a request's head with a
 * blocking read on one of its executor's threads, so each client that sends part of a request and
 * then nothing holds a thread for as long as it likes; two such clients stopped a pool of two, and
 * once its queue was full the dispatcher itself, so nothing more was accepted. JDK 17 offers no way
 * around that but a thread per slow client. Jetty parses request heads without a thread
 * (non-blocking), which is what a server facing slow or silent clients needs; its core is four jars
 * of about 2.2 MB, all of them used here.
 *
 * <p>Limits: a connection must send a whole request head within {@link #REQUEST_DEADLINE} of being
 * opened or answered ({@link RequestDeadlines}: the header and idle deadline), and may make no
 * progress for longer than that either (Jetty's idle timeout, for a client that stops reading); at
 * most {@link #MAX_CONNECTIONS} connections are open at once (beyond that new ones wait in the
 * accept queue, and open ones idle for a second are closed to make room); requests are answered by
 * a bounded pool of {@link #THREADS} threads, the selector and the acceptor among them. Answers
 * come from a shared cache and take microseconds, so a slow or silent client costs a little memory,
 * never a thread, and others are answered meanwhile.
 */
final class StatusServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
  static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);
  static final int MAX_CONNECTIONS = 1000;
  private static final Duration LIMITED_IDLE_TIMEOUT = Duration.ofSeconds(1);
  private static final int THREADS = 6;
  private static final Map<String, String> COMMON_HEADERS =
      Map.of(
          "Cache-Control", "no-store",
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer");

  private final Server server;
  private final ServerConnector connector;
  private final RequestDeadlines deadlines;

  private StatusServer(Server server, ServerConnector connector, RequestDeadlines deadlines) {
    this.server = server;
    this.connector = connector;
    this.deadlines = deadlines;
  }

  /** Listens on {@code address} at once; a port in use or a foreign address is exit 2. */
  static StatusServer start(InetSocketAddress address, Map<String, Endpoint> endpoints) {
    return start(address, endpoints, REQUEST_DEADLINE);
  }

  /** The same with another header and idle deadline (tests). */
  static StatusServer start(
      InetSocketAddress address, Map<String, Endpoint> endpoints, Duration requestDeadline) {
    // Its queue is unbounded, as Jetty needs (a task refused would drop a connection's read); the
    // threads that run the tasks are bounded.
    QueuedThreadPool threads =
        new QueuedThreadPool(THREADS, 2, 60_000, 0, null, null, StatusServer::thread);
    threads.setName("status-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(address.getAddress().getHostAddress());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(requestDeadline.toMillis());
    // Nagle's algorithm would make every answer on a kept-alive connection wait ~40 ms for a
    // delayed ACK (measured in BENCHMARKS.md).
    connector.setAcceptedTcpNoDelay(true);
    RequestDeadlines deadlines =
        new RequestDeadlines(requestDeadline, connector.getScheduler(), System::nanoTime);
    connector.addBean(deadlines);
    server.addConnector(connector);
    NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, server);
    limit.setEndPointIdleTimeout(LIMITED_IDLE_TIMEOUT.toMillis());
    server.addBean(limit);
    server.setHandler(new Answers(endpoints, deadlines));
    StatusServer status = new StatusServer(server, connector, deadlines);
    status.listen(address);
    return status;
  }

  private static Thread thread(Runnable runnable) {
    Thread thread = new Thread(runnable);
    thread.setDaemon(true);
    return thread;
  }

  private void listen(InetSocketAddress address) {
    String named = "--http " + address.getHostString() + ":" + address.getPort();
    try {
      server.start();
      deadlines.start();
    } catch (IOException e) {
      close();
      Throwable reason = e instanceof BindException || e.getCause() == null ? e : e.getCause();
      throw new InvalidInputException(
          "cannot listen on "
              + named
              + ": "
              + reason.getMessage()
              + "; choose another port, or port 0 for any free one");
    } catch (Exception e) {
      close();
      throw new InvalidInputException("cannot listen on " + named + ": " + e);
    }
  }

  /** The address it listens on, with the port chosen when 0 was asked for. */
  InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** Turns each request into the answer of its endpoint. */
  private static final class Answers extends Handler.Abstract {
    private final Map<String, Endpoint> endpoints;
    private final RequestDeadlines deadlines;

    Answers(Map<String, Endpoint> endpoints, RequestDeadlines deadlines) {
      this.endpoints = Map.copyOf(endpoints);
      this.deadlines = deadlines;
    }

    @Override
    public boolean handle(
        Request request, org.eclipse.jetty.server.Response response, Callback callback) {
      Connection connection = request.getConnectionMetaData().getConnection();
      deadlines.requestArrived(connection);
      Request.addCompletionListener(request, failure -> deadlines.answered(connection));
      String method = request.getMethod();
      Endpoint endpoint = endpoints.get(Request.getPathInContext(request));
      Response answer;
      if (endpoint == null) {
        answer = Response.text(404, "not found: try / , /api/status, /metrics or /healthz\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        answer = Response.text(405, "read-only: use GET or HEAD\n");
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      } else {
        answer = answer(endpoint);
      }
      send(answer, response, callback);
      return true;
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

    // The body of a HEAD answer is left out by Jetty, its length kept.
    private static void send(
        Response answer, org.eclipse.jetty.server.Response response, Callback callback) {
      response.setStatus(answer.status());
      COMMON_HEADERS.forEach(response.getHeaders()::put);
      answer.headers().forEach(response.getHeaders()::put);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
      response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }
  }

  /**
   * Stops at once: a request under way may be cut off, which a read-only page can afford, while a
   * grace period would hold up the processor's stop.
   */
  @Override
  public void close() {
    deadlines.stop();
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("status page: stopping its server failed: {}", String.valueOf(e));
    }
  }
}
