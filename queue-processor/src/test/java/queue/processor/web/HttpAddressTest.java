package queue.processor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.error.InvalidInputException;

class HttpAddressTest {

  @Test
  void readsHostAndPort() {
    assertEquals(new HttpAddress("127.0.0.1", 8080), HttpAddress.parse("127.0.0.1:8080"));
    assertEquals(new HttpAddress("localhost", 0), HttpAddress.parse("localhost:0"));
    assertEquals(new HttpAddress("::1", 9090), HttpAddress.parse("[::1]:9090"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"8080", ":8080", "127.0.0.1:", "127.0.0.1:http", "host:65536", "::1:80"})
  void refusesAnythingElseAsBadUsage(String text) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> HttpAddress.parse(text));
    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().startsWith("invalid --http '" + text + "'"), e.getMessage());
  }

  @Test
  void onlyLoopbackAddressesCountAsLocal() {
    assertTrue(HttpAddress.isLoopback(new InetSocketAddress("127.0.0.1", 0)));
    assertTrue(HttpAddress.isLoopback(new InetSocketAddress("::1", 0)));
    assertFalse(HttpAddress.isLoopback(new InetSocketAddress("0.0.0.0", 0)));
    assertFalse(HttpAddress.isLoopback(new InetSocketAddress("192.0.2.7", 0)));
  }

  @Test
  void writesTheUrlOfABoundAddress() {
    assertEquals(
        "http://127.0.0.1:8080/", HttpAddress.url(new InetSocketAddress("127.0.0.1", 8080)));
    assertEquals("http://[0:0:0:0:0:0:0:1]:80/", HttpAddress.url(new InetSocketAddress("::1", 80)));
  }
}
