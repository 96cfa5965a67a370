package queue.core.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import queue.core.Quoted;

/**
 * What an http agent's target may hold, for the command line that registers it and the processor
 * that sends to it; no store reads it. Credentials never go into a URL: a URL with a user name or
 * password is refused (send them in a header, or sign requests with a secret file), and a URL that
 * got in another way (a hand-edited or old state) is shown without them. A header is refused when
 * it is malformed, has a control character, or is one the HTTP client or the queue sets itself; an
 * error names the header, never its value.
 */
public final class HttpTarget {
  /** The transport label of http agents. */
  public static final String TRANSPORT = "http";

  /** The target's fields: the URL, extra headers ({@code Name: value}) and a secret file. */
  public static final String URL = "url";

  public static final String HEADERS = "headers";
  public static final String SECRET_FILE = "secretFile";

  private static final int MAX_HEADER_LENGTH = 8192;
  private static final int MAX_NAME_LENGTH = 128;
  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  // Set by the HTTP connection itself (framing, hop by hop): never sent as an agent's header.
  private static final Set<String> CONNECTION_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  // Set by the queue on every request, replacing an agent's header of the same name.
  private static final Set<String> QUEUE_HEADERS =
      Set.of(
          "content-type",
          "idempotency-key",
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature");

  private HttpTarget() {}

  /** What is wrong with an agent's URL, in words that never show its user name or password. */
  public static String urlProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return "it is not a URL; use an http:// or https:// URL with a host";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      return "use an http:// or https:// URL with a host";
    }
    if (uri.getRawUserInfo() != null) {
      return "it holds a user name or password, which the queue would show wherever it shows the"
          + " URL; give the URL without them and send the credentials in a header (--header"
          + " 'Authorization: Basic BASE64-OF-USER:PASSWORD' or 'Authorization: Bearer TOKEN'), or"
          + " sign each request with --secret-file";
    }
    return null;
  }

  /** {@code url} as any output may show it: a user name or password it holds replaced by ***. */
  public static String shown(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    return at < start ? url : url.substring(0, start) + "***" + url.substring(at);
  }

  /** The name of a header {@code Name: value}; null when it has no colon. */
  public static String nameOf(String header) {
    int colon = header.indexOf(':');
    return colon < 0 ? null : header.substring(0, colon).strip();
  }

  /** The value of a header {@code Name: value}, without the spaces around it. */
  public static String valueOf(String header) {
    return header.substring(header.indexOf(':') + 1).strip();
  }

  /**
   * What is wrong with a header {@code Name: value} to register, naming the header but never its
   * value: what {@link #sendingProblem} refuses, and a header the queue sets itself.
   */
  public static String headerProblem(String header) {
    String problem = sendingProblem(header);
    if (problem == null && QUEUE_HEADERS.contains(nameOf(header).toLowerCase(Locale.ROOT))) {
      return "header " + nameOf(header) + " is set by the queue on every request";
    }
    return problem;
  }

  /**
   * What keeps a header {@code Name: value} from being sent, naming the header but never its value:
   * no colon, a name that is no token, a header the HTTP connection sets, a control or non-ASCII
   * character in the value, a header over 8192 characters.
   */
  public static String sendingProblem(String header) {
    String name = header == null ? null : nameOf(header);
    if (name == null) {
      return "a header must be 'Name: value' (this one has no ':')";
    }
    if (!isToken(name)) {
      return "invalid header name " + Quoted.of(name) + ": use letters, digits and -";
    }
    if (header.length() > MAX_HEADER_LENGTH) {
      return "header " + name + " is longer than " + MAX_HEADER_LENGTH + " characters";
    }
    if (CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      return "header " + name + " is set by the HTTP connection, not by an agent";
    }
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        return "header "
            + name
            + " holds a control or non-ASCII character (its value is not shown); use printable"
            + " ASCII on one line";
      }
    }
    return null;
  }

  private static boolean isToken(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alphanumeric =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
