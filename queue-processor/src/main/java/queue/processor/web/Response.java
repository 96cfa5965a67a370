package queue.processor.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What an endpoint answers: a status, a content type, a body and any extra headers. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json";

  Response {
    headers = Map.copyOf(headers);
  }

  static Response text(int status, String body) {
    return new Response(status, TEXT, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static Response json(int status, byte[] body) {
    return new Response(status, JSON, body, Map.of());
  }
}
