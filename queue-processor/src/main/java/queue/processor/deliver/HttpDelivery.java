package queue.processor.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import queue.core.api.Claim;

/**
 * POSTs the entry JSON to the agent's URL with {@code Idempotency-Key: <entry id>}, so a receiver
 * can drop a re-delivery. 2xx is delivered; 408, 429, 5xx, timeouts and connection errors are
 * retried; any other status (4xx, and redirects, which are not followed) fails for good, because
 * sending the same request again would get the same answer.
 */
public final class HttpDelivery implements Delivery {
  /** How much of a response body is kept for the entry's last error. */
  static final int MAX_BODY_BYTES = 2048;

  private final HttpClient client;
  private final Duration requestTimeout;

  public HttpDelivery(Duration connectTimeout, Duration requestTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
  }

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload) throws InterruptedException {
    String url = claim.agent().url();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return new DeliveryResult.Permanent(
          "agent " + claim.agent().name() + " has an invalid URL '" + url + "': " + e.getMessage());
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", claim.entry().id())
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
            .build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      return classify(url, response.statusCode(), readCapped(response.body()));
    } catch (HttpTimeoutException e) {
      return new DeliveryResult.Retry("POST " + url + " timed out: " + e.getMessage());
    } catch (IOException e) {
      return new DeliveryResult.Retry("POST " + url + " failed: " + e);
    }
  }

  static DeliveryResult classify(String url, int status, String body) {
    if (status >= 200 && status < 300) {
      return DeliveryResult.delivered();
    }
    String error =
        "POST " + url + " answered HTTP " + status + (body.isEmpty() ? "" : ": " + body.strip());
    if (status == 408 || status == 429 || status >= 500) {
      return new DeliveryResult.Retry(error);
    }
    return new DeliveryResult.Permanent(error);
  }

  // Closing the stream early discards the rest: a huge error page costs no memory.
  private static String readCapped(InputStream body) throws IOException {
    try (body) {
      byte[] bytes = body.readNBytes(MAX_BODY_BYTES);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
