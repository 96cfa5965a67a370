package queue.processor.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Claim;
import queue.core.model.Agent;
import queue.core.testing.MutableClock;
import queue.processor.testing.Claims;

/**
 * An agent's own headers and the Standard Webhooks signature, as a receiver on 127.0.0.1 sees them;
 * every signature is checked against an HMAC the test computes itself with the JDK's Mac.
 */
class HttpHeadersAndSigningTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-03-04T05:06:07Z");
  private final HttpDelivery http = new HttpDelivery(Duration.ofSeconds(2), clock);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  record Received(Headers headers, byte[] body) {}

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
          HttpDeliveryTest.respond(exchange, 204, "");
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void theAgentsHeadersAreSentButNeverReplaceTheContractsOwn() throws Exception {
    Agent agent =
        Claims.withSettings(
            http(), null, null, null, List.of("X-Team: blue", "Idempotency-Key: mine"));

    deliver(Claims.claim(agent, "e-1", "hi", 0));

    Headers headers = received.get(0).headers();
    assertEquals("blue", headers.getFirst("X-Team"));
    assertEquals(List.of("e-1"), headers.get("Idempotency-Key"));
  }

  @Test
  void aHeaderTheHttpClientRefusesFailsForGood() throws Exception {
    Agent agent = Claims.withSettings(http(), null, null, null, List.of("Host: elsewhere"));
    Claim claim = Claims.claim(agent, "e-1", "hi", 0);

    DeliveryResult result = http.deliver(claim, Payload.of(claim), TIMEOUT);

    DeliveryResult.Permanent failed = assertInstanceOf(DeliveryResult.Permanent.class, result);
    assertTrue(failed.error().contains("header"), failed.error());
    assertEquals(List.of(), received);
  }

  @Test
  void aStoredHeaderWithAControlCharacterFailsForGoodNamingItButNeverItsValue() throws Exception {
    Agent agent =
        Claims.withSettings(http(), null, null, null, List.of("Authorization: Bearer TOKEN\u0001"));
    Claim claim = Claims.claim(agent, "e-1", "hi", 0);

    DeliveryResult result = http.deliver(claim, Payload.of(claim), TIMEOUT);

    DeliveryResult.Permanent failed = assertInstanceOf(DeliveryResult.Permanent.class, result);
    assertTrue(failed.error().contains("header Authorization"), failed.error());
    assertFalse(failed.error().contains("TOKEN"), failed.error());
    assertEquals(List.of(), received);
  }

  @Test
  void aSignedRequestVerifiesWithTheSecretAndNotWithAnother() throws Exception {
    byte[] key = "a secret of 32 bytes, more or le".getBytes(StandardCharsets.UTF_8);
    Path secret = Files.writeString(dir.resolve("secret"), "whsec_" + base64(key) + "\n");
    Claim claim = Claims.claim(signed(secret), "e-1", "héllo", 0);

    deliver(claim);

    Received request = received.get(0);
    String id = request.headers().getFirst("webhook-id");
    String timestamp = request.headers().getFirst("webhook-timestamp");
    assertEquals("e-1", id);
    assertEquals(Long.toString(clock.instant().getEpochSecond()), timestamp);
    String signature = request.headers().getFirst("webhook-signature");
    assertEquals("v1," + hmac(key, id, timestamp, request.body()), signature);
    byte[] otherKey = "another secret of 32 bytes, more".getBytes(StandardCharsets.UTF_8);
    assertNotEquals("v1," + hmac(otherKey, id, timestamp, request.body()), signature);
  }

  @Test
  void aSecretWithoutThePrefixIsItsTrimmedText() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "  plain words  \n");
    Claim claim = Claims.claim(signed(secret), "e-1", "hi", 0);

    deliver(claim);

    Received request = received.get(0);
    String timestamp = request.headers().getFirst("webhook-timestamp");
    byte[] key = "plain words".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "v1," + hmac(key, "e-1", timestamp, request.body()),
        request.headers().getFirst("webhook-signature"));
  }

  @Test
  void theSecretIsReadForEachRequestSoARotationTakesEffectAtOnce() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "old");
    Claim claim = Claims.claim(signed(secret), "e-1", "hi", 0);
    deliver(claim);
    Files.writeString(secret, "new");

    deliver(claim);

    Received second = received.get(1);
    String timestamp = second.headers().getFirst("webhook-timestamp");
    assertEquals(
        "v1," + hmac("new".getBytes(StandardCharsets.UTF_8), "e-1", timestamp, second.body()),
        second.headers().getFirst("webhook-signature"));
  }

  @Test
  void aMissingSecretFileIsRetriedWithoutSendingAnythingOrShowingTheSecret() throws Exception {
    Path secret = dir.resolve("gone");
    Claim claim = Claims.claim(signed(secret), "e-1", "hi", 0);

    DeliveryResult result = http.deliver(claim, Payload.of(claim), TIMEOUT);

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(
        retry.error().contains("cannot read the secret file " + secret + ": no such file"),
        retry.error());
    assertEquals(List.of(), received);
  }

  private Agent http() {
    return Claims.http("alice", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private Agent signed(Path secret) {
    return Claims.withSettings(http(), null, null, secret.toString(), null);
  }

  private void deliver(Claim claim) throws InterruptedException {
    assertInstanceOf(
        DeliveryResult.Delivered.class, http.deliver(claim, Payload.of(claim), TIMEOUT));
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String hmac(byte[] key, String id, String timestamp, byte[] body)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] signed =
        (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    return base64(mac.doFinal(signed));
  }
}
