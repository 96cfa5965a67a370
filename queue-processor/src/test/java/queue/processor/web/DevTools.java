package queue.processor.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Chrome DevTools Protocol client for one page, over the JDK's WebSocket: commands and their
 * answers, and the events the page sent, kept for the test to look at.
 */
final class DevTools implements AutoCloseable {
  // Only a guard against a browser that hangs; no test asserts how long anything takes.
  private static final long ANSWER_GUARD_SECONDS = 60;
  // Not the product's mapper: the browser's messages may nest deeper than a state file may.
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private WebSocket socket;

  private DevTools() {}

  static DevTools connect(URI page) {
    DevTools devTools = new DevTools();
    devTools.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(page, devTools.new Receiver())
            .join();
    return devTools;
  }

  /** Runs a command and returns its result; a protocol error fails the test. */
  JsonNode call(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    waiting.put(id, answer);
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("id", id);
    command.put("method", method);
    command.put("params", params);
    socket.sendText(JSON.writeValueAsString(command), true).join();
    JsonNode message;
    try {
      message = answer.get(ANSWER_GUARD_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + method, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("no answer to " + method, e);
    }
    if (message.has("error")) {
      throw new AssertionError(method + " failed: " + message.get("error"));
    }
    return message.get("result");
  }

  JsonNode call(String method) {
    return call(method, Map.of());
  }

  /** The value of a JavaScript expression in the page; a thrown exception fails the test. */
  JsonNode evaluate(String expression) {
    JsonNode result =
        call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError(expression + " threw: " + result.get("exceptionDetails"));
    }
    return result.get("result").get("value");
  }

  /** The events of {@code method} the page has sent so far. */
  List<JsonNode> events(String method) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode event : events) {
      if (event.get("method").asString().equals(method)) {
        found.add(event);
      }
    }
    return found;
  }

  @Override
  public void close() {
    socket.abort();
  }

  /** Puts each whole message where it belongs: an answer to its command, an event to the list. */
  private final class Receiver implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonNode message = JSON.readTree(partial.toString());
        partial.setLength(0);
        if (message.has("id")) {
          CompletableFuture<JsonNode> answer = waiting.remove(message.get("id").asInt());
          if (answer != null) {
            answer.complete(message);
          }
        } else {
          events.add(message);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
