package queue.processor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP peer on 127.0.0.1 that answers and then stalls: it reads each request, sends {@code 200}
 * headers announcing a body, and either sends nothing more or trickles the body a byte at a time.
 * It never closes a connection itself; closing the server does.
 */
public final class StallingServer implements AutoCloseable {
  private static final int ANNOUNCED = 1000;

  private final ServerSocket server;
  private final boolean trickle;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
  private final CountDownLatch firstRequest = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger bytesSent = new AtomicInteger();
  private final Thread acceptor;

  private StallingServer(boolean trickle) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.trickle = trickle;
    this.acceptor = new Thread(this::accept, "stalling-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code 200} with {@code Content-Length: 1000}, then silence. */
  public static StallingServer headersThenNothing() throws IOException {
    return new StallingServer(false);
  }

  /** {@code 200} with {@code Content-Length: 1000}, then one byte every 50 ms. */
  public static StallingServer tricklingBody() throws IOException {
    return new StallingServer(true);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/";
  }

  public void awaitRequest() throws InterruptedException {
    firstRequest.await();
  }

  public int requests() {
    return requests.get();
  }

  public int bytesSent() {
    return bytesSent.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        Thread handler = new Thread(() -> answer(socket), "stalling-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void answer(Socket socket) {
    try {
      readRequest(socket.getInputStream());
      requests.incrementAndGet();
      firstRequest.countDown();
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                  + ANNOUNCED
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (trickle) {
        trickler.scheduleWithFixedDelay(() -> sendOneByte(out), 0, 50, TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      // The client gave up and closed the connection.
    }
  }

  private void sendOneByte(OutputStream out) {
    try {
      if (bytesSent.get() < ANNOUNCED - 1) {
        out.write('x');
        out.flush();
        bytesSent.incrementAndGet();
      }
    } catch (IOException e) {
      // The client gave up and closed the connection.
    }
  }

  // Headers up to the blank line, then as many bytes as Content-Length says.
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the request ended");
      }
      head.write(b);
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    in.readNBytes(length);
  }

  @Override
  public void close() throws IOException {
    trickler.shutdownNow();
    server.close();
    for (Socket socket : connections) {
      socket.close();
    }
  }
}
