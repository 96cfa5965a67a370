package queue.processor.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import queue.core.error.InvalidInputException;

/**
 * Where {@code --http HOST:PORT} listens: a host name or address ({@code [::1]} for IPv6) and a
 * port, 0 for any free one. Parsed before the store is opened, so a bad value is exit 2 with
 * nothing started.
 */
public record HttpAddress(String host, int port) {

  /** Parses {@code HOST:PORT}; a value that is not one is exit 2, naming it. */
  public static HttpAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw invalid(text, "use HOST:PORT, for example 127.0.0.1:8080 (port 0: any free port)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw invalid(text, "write an IPv6 address in brackets, for example [::1]:8080");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65_535 || host.isEmpty()) {
      throw invalid(text, "the port must be a number from 0 to 65535 after a host");
    }
    return new HttpAddress(host, port);
  }

  /** The socket address to bind, with the host resolved; an unknown host is exit 2. */
  public InetSocketAddress resolve() {
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw invalid(host + ":" + port, "unknown host " + host);
    }
  }

  /** True for an address only this machine reaches: 127.0.0.0/8 or ::1. */
  static boolean isLoopback(InetSocketAddress address) {
    return address.getAddress() != null && address.getAddress().isLoopbackAddress();
  }

  /** The page's URL at a bound address, an IPv6 address in brackets. */
  static String url(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return "http://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + address.getPort()
        + "/";
  }

  private static InvalidInputException invalid(String text, String advice) {
    return new InvalidInputException("invalid --http '" + text + "': " + advice);
  }
}
