package queue.processor.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, defect 2: slow and silent clients cannot take the status server offline. 500
 * connections that send nothing, half a request head, or a request head a byte at a time hold no
 * thread: {@code /healthz} on a new connection is answered while every one of them is still open
 * (so the answer did not wait for a deadline to cut them). And the header and idle deadline closes
 * each kind once it has passed.
 */
class SlowClientsTest {
  private static final int SLOW_CLIENTS = 500;
  // Far beyond what one answer from memory costs, even on a loaded machine: a guard, not a limit.
  private static final Duration GUARD = Duration.ofMinutes(2);
  private static final Map<String, Endpoint> ENDPOINTS =
      Map.of("/healthz", () -> Response.text(200, "ok\n"));

  private final List<Socket> clients = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private StatusServer server;

  @AfterEach
  void closeEverything() throws IOException {
    trickle.shutdownNow();
    for (Socket client : clients) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void healthzIsAnsweredWhileFiveHundredSlowClientsHoldTheirConnections() throws Exception {
    server = StatusServer.start(RunningProcessor.loopback(), ENDPOINTS, Duration.ofHours(1));
    openSlowClients(SLOW_CLIENTS);

    String answer = get(server.address(), "/healthz");

    assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
    assertTrue(answer.endsWith("\r\n\r\nok\n"), answer);
    for (Socket client : clients) {
      assertTrue(isOpen(client), "every slow client still holds its connection");
    }
  }

  @Test
  void theRequestDeadlineClosesSilentHalfSentAndTricklingConnections() throws Exception {
    server = StatusServer.start(RunningProcessor.loopback(), ENDPOINTS, Duration.ofMillis(300));
    openSlowClients(30);

    await().atMost(GUARD).until(() -> clients.stream().noneMatch(SlowClientsTest::isOpen));
    assertTrue(get(server.address(), "/healthz").startsWith("HTTP/1.1 200 "));
  }

  @Test
  void aKeptAliveConnectionIdleBeyondTheDeadlineIsClosed() throws Exception {
    server = StatusServer.start(RunningProcessor.loopback(), ENDPOINTS, Duration.ofMillis(300));
    Socket client = connect(server.address());
    OutputStream out = client.getOutputStream();
    out.write(request("/healthz").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    assertTrue(readAnswer(client).startsWith("HTTP/1.1 200 "));

    await().atMost(GUARD).until(() -> !isOpen(client));
  }

  // A third each: silent; half a request head; a request head sent a byte every 50 ms.
  private void openSlowClients(int count) throws IOException {
    InetSocketAddress address = server.address();
    for (int i = 0; i < count; i++) {
      Socket client = connect(address);
      if (i % 3 == 1) {
        send(client, "GET / HTTP/1.1\r\nHost: x\r\n");
      } else if (i % 3 == 2) {
        send(client, "GET / HTTP/1.1\r\n");
        trickle.scheduleAtFixedRate(() -> sendQuietly(client, "X"), 50, 50, TimeUnit.MILLISECONDS);
      }
    }
  }

  private Socket connect(InetSocketAddress address) throws IOException {
    Socket client = new Socket();
    clients.add(client);
    client.connect(address, (int) GUARD.toMillis());
    return client;
  }

  private String get(InetSocketAddress address, String path) throws IOException {
    Socket client = connect(address);
    send(client, request(path));
    return readAnswer(client);
  }

  private static String request(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  // The head, then as many bytes as its Content-Length says.
  private static String readAnswer(Socket client) throws IOException {
    client.setSoTimeout((int) GUARD.toMillis());
    InputStream in = client.getInputStream();
    StringBuilder text = new StringBuilder();
    int length = -1;
    while (length < 0 || text.length() < text.indexOf("\r\n\r\n") + 4 + length) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      text.append((char) b);
      int end = text.indexOf("\r\n\r\n");
      if (length < 0 && end >= 0) {
        length = contentLength(text.substring(0, end));
      }
    }
    return text.toString();
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return 0;
  }

  private static void send(Socket client, String text) throws IOException {
    OutputStream out = client.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void sendQuietly(Socket client, String text) {
    try {
      send(client, text);
    } catch (IOException e) {
      // Closed by the server's deadline: what the test waits for.
    }
  }

  // Open: a read finds nothing to read yet. Closed by the server: end of stream, or a reset.
  private static boolean isOpen(Socket client) {
    try {
      client.setSoTimeout(1);
      return client.getInputStream().read() >= 0;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
