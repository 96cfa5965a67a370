package queue.processor.deliver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.testing.MutableClock;
import queue.processor.testing.Claims;
import queue.processor.testing.StallingServer;

class HttpDeliveryTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final HttpDelivery http = new HttpDelivery(Duration.ofSeconds(2), clock);
  private HttpServer server;

  record Request(String method, String idempotencyKey, String contentType, byte[] body) {}

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/flaky", this::flaky);
    server.createContext("/status/", this::status);
    server.createContext("/huge", exchange -> respond(exchange, 500, "x".repeat(1_000_000)));
    server.createContext(
        "/lines", exchange -> respond(exchange, 503, "line one\r\nline two\n\u0000\u001b[31mred"));
    server.setExecutor(handlers);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    handlers.shutdownNow();
  }

  @Test
  void failsFirstThenDeliversWithTheIdempotencyKeyAndTheJsonBody() throws Exception {
    failuresLeft.set(1);
    Claim claim = Claims.claim(Claims.http("alice", url("/flaky")), "e-1", "hi", 0);
    byte[] payload = Payload.of(claim);

    DeliveryResult first = http.deliver(claim, payload, TIMEOUT);
    DeliveryResult second = http.deliver(claim, payload, TIMEOUT);

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, first);
    assertEquals("HTTP 503 from " + url("/flaky") + ": try later", retry.error(), "cause first");
    assertInstanceOf(DeliveryResult.Delivered.class, second);
    assertEquals(2, requests.size());
    for (Request request : requests) {
      assertEquals("POST", request.method());
      assertEquals("e-1", request.idempotencyKey());
      assertEquals("application/json", request.contentType());
      assertArrayEquals(payload, request.body());
    }
  }

  @Test
  void statusesAreRetriedOrFailedAsTheContractSays() throws Exception {
    for (int status : List.of(200, 201, 204, 299)) {
      assertInstanceOf(DeliveryResult.Delivered.class, post("/status/" + status), "" + status);
    }
    for (int status : List.of(408, 429, 500, 502, 503, 599)) {
      assertInstanceOf(DeliveryResult.Retry.class, post("/status/" + status), "" + status);
    }
    for (int status : List.of(301, 400, 401, 403, 404, 410, 422)) {
      assertInstanceOf(DeliveryResult.Permanent.class, post("/status/" + status), "" + status);
    }
  }

  @Test
  void aHugeResponseBodyIsCutToTheCap() throws Exception {
    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, post("/huge"));
    assertTrue(retry.error().length() < HttpDelivery.MAX_BODY_BYTES + 200, retry.error());
  }

  @Test
  void anErrorBodyIsKeptOnOneLineAsText() throws Exception {
    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, post("/lines"));

    assertTrue(retry.error().endsWith("/lines: line one line two [31mred"), retry.error());
  }

  @Test
  void aPeerThatSendsHeadersAndThenStallsIsAbandonedAtTheDeadline() throws Exception {
    try (StallingServer stalling = StallingServer.headersThenNothing()) {
      Claim claim = Claims.claim(Claims.http("alice", stalling.url()), "e-1", "hi", 0);

      DeliveryResult result = http.deliver(claim, Payload.of(claim), Duration.ofMillis(300));

      DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
      assertTrue(retry.error().contains("timed out"), retry.error());
      assertTrue(retry.error().contains("300ms (connect, headers and body"), retry.error());
    }
  }

  @Test
  void aPeerThatTricklesItsBodyIsAbandonedAtTheDeadline() throws Exception {
    try (StallingServer stalling = StallingServer.tricklingBody()) {
      Claim claim = Claims.claim(Claims.http("alice", stalling.url()), "e-1", "hi", 0);

      DeliveryResult result = http.deliver(claim, Payload.of(claim), Duration.ofMillis(500));

      DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
      assertTrue(retry.error().contains("timed out"), retry.error());
      assertTrue(stalling.bytesSent() > 0, "the body had started to arrive");
    }
  }

  @Test
  void anInterruptEndsAStalledExchangeAtOnce() throws Exception {
    try (StallingServer stalling = StallingServer.headersThenNothing()) {
      Claim claim = Claims.claim(Claims.http("alice", stalling.url()), "e-1", "hi", 0);
      AtomicReference<Throwable> ended = new AtomicReference<>();
      Thread worker =
          new Thread(
              () -> {
                try {
                  ended.set(
                      new AssertionError(
                          http.deliver(claim, Payload.of(claim), Duration.ofHours(1))));
                } catch (InterruptedException e) {
                  ended.set(e);
                }
              });
      worker.start();
      stalling.awaitRequest();

      worker.interrupt();

      await().atMost(Duration.ofMinutes(1)).until(() -> ended.get() != null);
      assertInstanceOf(InterruptedException.class, ended.get());
    }
  }

  @Test
  void aRefusedConnectionSaysConnectionRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Claim claim =
        Claims.claim(Claims.http("alice", "http://127.0.0.1:" + closedPort + "/"), "e-1", "x", 0);

    DeliveryResult result = http.deliver(claim, Payload.of(claim), TIMEOUT);

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertEquals("connection refused: POST http://127.0.0.1:" + closedPort + "/", retry.error());
  }

  @Test
  void aStoredUrlWithCredentialsIsNeverShownWithThemInAnError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String withCredentials = "http://user:pa55word@127.0.0.1:" + server.getAddress().getPort();
    List<DeliveryResult> results = new ArrayList<>();
    for (String url :
        List.of(
            withCredentials + "/status/503",
            withCredentials + "/status/404",
            "http://user:pa55word@127.0.0.1:" + closedPort + "/",
            "http://user:pa55word@bad host/")) {
      Claim claim = Claims.claim(Claims.http("alice", url), "e-1", "x", 0);
      results.add(http.deliver(claim, Payload.of(claim), TIMEOUT));
    }

    for (DeliveryResult result : results) {
      String error = result.toString();
      assertFalse(error.contains("pa55word"), error);
      assertFalse(error.contains("user"), error);
      assertTrue(error.contains("***@"), error);
    }
  }

  private DeliveryResult post(String path) throws InterruptedException {
    Claim claim = Claims.claim(Claims.http("alice", url(path)), "e-1", "hi", 0);
    return http.deliver(claim, Payload.of(claim), TIMEOUT);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void flaky(HttpExchange exchange) throws IOException {
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestHeaders().getFirst("Idempotency-Key"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestBody().readAllBytes()));
    boolean fail = failuresLeft.getAndDecrement() > 0;
    respond(exchange, fail ? 503 : 200, fail ? "try later" : "ok");
  }

  private void status(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getPath();
    respond(exchange, Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)), "");
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
