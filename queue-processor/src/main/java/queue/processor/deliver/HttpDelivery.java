package queue.processor.deliver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import queue.core.Durations;
import queue.core.Quoted;
import queue.core.api.Claim;
import queue.core.http.HttpTarget;
import queue.core.model.Agent;

/**
 * POSTs the entry JSON to the agent's URL with {@code Idempotency-Key: <entry id>}, so a receiver
 * can drop a re-delivery, the agent's own headers, and a Standard Webhooks signature when the agent
 * has a secret file. 2xx is delivered; 408, 429, 5xx, timeouts and connection errors are retried;
 * any other status (4xx, and redirects, which are not followed) fails for good, because sending the
 * same request again would get the same answer. A header {@link HttpTarget} refuses fails the entry
 * for good naming the header, never its value; every error names the URL without a user name or
 * password it may hold.
 *
 * <p>The timeout is one deadline for the whole exchange: connect, request, headers and body. A peer
 * that sends headers and then stalls, or trickles its body, is abandoned at the deadline (the
 * exchange is cancelled and its connection closed), like one that never answers.
 */
public final class HttpDelivery implements Delivery {
  public static final String TRANSPORT = HttpTarget.TRANSPORT;

  /** The target's fields: the URL, and optionally a secret file and extra headers. */
  public static final String URL = HttpTarget.URL;

  public static final String SECRET_FILE = HttpTarget.SECRET_FILE;
  public static final String HEADERS = HttpTarget.HEADERS;

  /** How much of a response body is read, for the entry's last error. */
  static final int MAX_BODY_BYTES = 2048;

  private final HttpClient client;
  private final Clock clock;

  public HttpDelivery(Duration connectTimeout, Clock clock) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.clock = clock;
  }

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload, Duration timeout)
      throws InterruptedException {
    Agent agent = claim.agent();
    String url = agent.target().text(URL);
    String shown = HttpTarget.shown(url);
    URI uri = parse(url);
    if (uri == null) {
      return new DeliveryResult.Permanent(
          "agent "
              + agent.name()
              + ": its target's field 'url' must be an http:// or https:// URL with a host, not "
              + Quoted.of(shown));
    }
    List<String> headers = agent.target().texts(HEADERS);
    for (String header : headers == null ? List.<String>of() : headers) {
      String problem = HttpTarget.sendingProblem(header);
      if (problem != null) {
        return new DeliveryResult.Permanent("agent " + agent.name() + ": " + problem);
      }
    }
    HttpRequest request;
    try {
      request = request(uri, claim, payload, timeout);
    } catch (IllegalArgumentException e) {
      // The client's message may quote a header's value: never shown.
      return new DeliveryResult.Permanent(
          "agent " + agent.name() + " has a header the HTTP client refuses to send");
    } catch (IOException e) {
      return new DeliveryResult.Retry("not sent (" + e.getMessage() + "): POST " + shown);
    }
    return exchange(shown, request, timeout);
  }

  // An http(s) URL with a host, or null.
  private static URI parse(String url) {
    try {
      URI uri = URI.create(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
          ? uri
          : null;
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  // One bounded wait for the whole exchange; at its end, or on an interrupt, the exchange is
  // cancelled, which closes its connection. The URL is named as outputs show it.
  private DeliveryResult exchange(String url, HttpRequest request, Duration timeout)
      throws InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(request, CappedBody.handler(MAX_BODY_BYTES));
    try {
      HttpResponse<byte[]> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      byte[] body = response.body();
      return classify(url, response.statusCode(), ErrorText.fromBytes(body, body.length));
    } catch (TimeoutException e) {
      exchange.cancel(true);
      return new DeliveryResult.Retry(
          "timed out: no complete answer within "
              + Durations.format(timeout)
              + " (connect, headers and body together) from "
              + url);
    } catch (ExecutionException e) {
      return new DeliveryResult.Retry(ErrorText.describe(e) + ": POST " + url);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    }
  }

  // The agent's headers go first, so that the ones the contract defines cannot be replaced.
  private HttpRequest request(URI uri, Claim claim, byte[] payload, Duration timeout)
      throws IOException {
    Agent agent = claim.agent();
    String id = claim.entry().id();
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
    List<String> headers = agent.target().texts(HEADERS);
    for (String header : headers == null ? List.<String>of() : headers) {
      builder.header(HttpTarget.nameOf(header), HttpTarget.valueOf(header));
    }
    builder
        .setHeader("Content-Type", "application/json")
        .setHeader("Idempotency-Key", id)
        .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    String secretFile = agent.target().text(SECRET_FILE);
    if (secretFile != null) {
      byte[] key = WebhookSignature.readSecret(Path.of(secretFile));
      long timestamp = clock.instant().getEpochSecond();
      builder
          .setHeader(WebhookSignature.ID, id)
          .setHeader(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
          .setHeader(
              WebhookSignature.SIGNATURE, WebhookSignature.sign(key, id, timestamp, payload));
    }
    return builder.build();
  }

  static DeliveryResult classify(String url, int status, String body) {
    if (status >= 200 && status < 300) {
      return DeliveryResult.delivered();
    }
    // The cause first: a listing cuts the end of a long error, never the status.
    String error = "HTTP " + status + " from " + url + (body.isEmpty() ? "" : ": " + body);
    if (status == 408 || status == 429 || status >= 500) {
      return new DeliveryResult.Retry(error);
    }
    return new DeliveryResult.Permanent(error);
  }
}
