package queue.processor.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import queue.processor.web.DeliveryHistory.Minute;

/**
 * The status page: a fixed frame (its style, its script, the store's and this processor's names)
 * around the {@link LiveView}. Its Content-Security-Policy allows exactly its own inline style and
 * script, by hash, and nothing from anywhere else: even a body the escaping missed could not run.
 */
final class StatusPage {
  static final String HTML = "text/html; charset=utf-8";
  private static final String STYLE = resource("status.css");
  private static final String SCRIPT = resource("status.js");
  private static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'none'; style-src '"
              + sha256(STYLE)
              + "'; script-src '"
              + sha256(SCRIPT)
              + "'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none';"
              + " frame-ancestors 'none'");

  private final String head;
  private final String tail;

  /**
   * @param location where the store is, as the processor names it
   * @param processor this processor's owner name and host
   */
  StatusPage(String location, String processor) {
    head =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>queue · "
            + Html.escape(location)
            + "</title><link rel=\"icon\" href=\"data:,\">"
            + "<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>"
            + "<style>"
            + STYLE
            + "</style></head><body><header><h1>queue</h1><span class=\"where\">"
            + Html.escape(location)
            + "</span><span class=\"me\">served by "
            + Html.escape(processor)
            + "</span><span class=\"offline\">no answer from the processor; retrying…</span>"
            + "</header><main id=\"live\">";
    tail =
        "</main><footer>Refreshes every 2 s · <a href=\"api/status\">/api/status</a> · "
            + "<a href=\"metrics\">/metrics</a> · <a href=\"healthz\">/healthz</a> · charts: "
            + "this processor since it started</footer><script>"
            + SCRIPT
            + "</script></body></html>";
  }

  Response page(Reading reading, List<Minute> hour) {
    return html(head + LiveView.render(reading, hour) + tail);
  }

  Response live(Reading reading, List<Minute> hour) {
    return html(LiveView.render(reading, hour));
  }

  private static Response html(String text) {
    return new Response(200, HTML, text.getBytes(StandardCharsets.UTF_8), HEADERS);
  }

  private static String resource(String name) {
    try (InputStream in = StatusPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource queue/processor/web/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource queue/processor/web/" + name, e);
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
