package queue.processor.deliver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.lease.Claim;
import queue.processor.testing.Claims;

class HttpDeliveryTest {
  private HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpDelivery http = new HttpDelivery(Duration.ofSeconds(2), Duration.ofSeconds(2));

  record Request(String method, String idempotencyKey, String contentType, byte[] body) {}

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/flaky", this::flaky);
    server.createContext("/status/", this::status);
    server.createContext("/huge", exchange -> respond(exchange, 500, "x".repeat(1_000_000)));
    server.createContext("/hang", this::hang);
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void failsFirstThenDeliversWithTheIdempotencyKeyAndTheJsonBody() throws Exception {
    failuresLeft.set(1);
    Claim claim = Claims.claim(Claims.http("alice", url("/flaky")), "e-1", "hi", 0);
    byte[] payload = Payload.of(claim).toJson();

    DeliveryResult first = http.deliver(claim, payload);
    DeliveryResult second = http.deliver(claim, payload);

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, first);
    assertTrue(retry.error().contains("HTTP 503: try later"), retry.error());
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
    assertTrue(
        retry.error().length() < HttpDelivery.MAX_BODY_BYTES + 200, "" + retry.error().length());
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsRetried() throws Exception {
    HttpDelivery impatient = new HttpDelivery(Duration.ofMillis(500), Duration.ofMillis(300));
    Claim claim = Claims.claim(Claims.http("alice", url("/hang")), "e-1", "hi", 0);

    DeliveryResult result = impatient.deliver(claim, Payload.of(claim).toJson());

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(retry.error().contains("timed out"), retry.error());
  }

  @Test
  void aRefusedConnectionIsRetried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Claim claim =
        Claims.claim(Claims.http("alice", "http://127.0.0.1:" + closedPort + "/"), "e-1", "x", 0);

    DeliveryResult result = http.deliver(claim, Payload.of(claim).toJson());

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(retry.error().contains("127.0.0.1:" + closedPort), retry.error());
  }

  private DeliveryResult post(String path) throws InterruptedException {
    Claim claim = Claims.claim(Claims.http("alice", url(path)), "e-1", "hi", 0);
    return http.deliver(claim, Payload.of(claim).toJson());
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

  private void hang(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    respond(exchange, 200, "late");
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
