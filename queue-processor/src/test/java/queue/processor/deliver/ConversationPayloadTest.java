package queue.processor.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Claim;
import queue.core.files.DefaultFileOps;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Notice;
import queue.processor.testing.Claims;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an agent receives names the thread of its message, the message a reply answers and what a
 * non-delivery notice reports, whichever way it receives: an inbox file, a webhook's body, an exec
 * command's stdin.
 */
class ConversationPayloadTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @Test
  void everyTransportDeliversTheThreadTheReplyAndTheNotice() throws Exception {
    AtomicReference<byte[]> posted = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          posted.set(exchange.getRequestBody().readAllBytes());
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      Path stdin = dir.resolve("stdin.json");
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
      List<Agent> agents =
          List.of(
              Claims.inbox("alice", null),
              Claims.http("alice", url),
              Claims.exec("alice", List.of("sh", "-c", "cat > " + stdin)));

      List<byte[]> received =
          List.of(
              deliver(
                  agents.get(0), () -> Files.readAllBytes(dir.resolve("inbox/alice/new/e-2.json"))),
              deliver(agents.get(1), posted::get),
              deliver(agents.get(2), () -> Files.readAllBytes(stdin)));

      for (byte[] bytes : received) {
        JsonNode message = JSON.readTree(bytes);
        assertEquals("m-1", message.get("threadId").asString(), message.toString());
        assertEquals("m-1", message.get("inReplyTo").asString(), message.toString());
        assertEquals("bob", message.get("notice").get("recipient").asString());
        assertEquals("FAILED", message.get("notice").get("state").asString());
        assertEquals("HTTP 404", message.get("notice").get("error").asString());
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aMessageThatStartsAThreadNamesItselfAndAnswersNothing() throws Exception {
    Claim claim = Claims.claim(Claims.inbox("alice", null), "e-1", "hi", 0);

    deliveries().deliver(claim, Payload.of(claim), TIMEOUT);

    JsonNode message = JSON.readTree(dir.resolve("inbox/alice/new/e-1.json").toFile());
    assertEquals("m-e-1", message.get("threadId").asString());
    assertTrue(
        message.get("inReplyTo") == null && message.get("notice") == null, message.toString());
  }

  private interface Received {
    byte[] read() throws Exception;
  }

  // The notice the queue sends alice when bob's entry of her message m-1 failed.
  private byte[] deliver(Agent alice, Received received) throws Exception {
    Message notice =
        new Message(
            "m-2",
            "queue",
            "bob did not get m-1: HTTP 404",
            Claims.T0,
            null,
            List.of("alice"),
            null,
            "m-1",
            "m-1",
            new Notice("bob", EntryState.FAILED, "HTTP 404"));
    Entry entry =
        Entry.of(notice, "e-2", "alice", 2)
            .build()
            .claimed("owner-1", 7, Claims.T0.plusSeconds(60));
    Claim claim = new Claim(entry, notice, alice);

    assertInstanceOf(
        DeliveryResult.Delivered.class, deliveries().deliver(claim, Payload.of(claim), TIMEOUT));
    return received.read();
  }

  private Deliveries deliveries() {
    return Deliveries.standard(dir, new DefaultFileOps(), TIMEOUT, Clock.systemUTC());
  }
}
