package queue.processor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.core.testing.Percentiles;

/**
 * Issue 19, defect 2's benchmark: the processor, as its launcher starts it with {@code --http}, on
 * an empty queue, with and without CLIENTS slow clients held open (a third silent, a third having
 * sent half a request head, a third trickling a header byte a second; each closed one replaced
 * within a second of the server's deadline), runs interleaved. During each run {@code /healthz} is
 * asked on a new connection every 100 ms: its latency (connect to the whole answer), and the peak
 * RSS of the processor's JVM at the end. The run without slow clients is the floor. Arguments: work
 * directory, launcher, clients, rounds, seconds per run.
 */
public final class SlowClientsBench {
  private SlowClientsBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args[0]));
    Variant processor = new Variant("current", Path.of(args[1]), "");
    int clients = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    long seconds = Long.parseLong(args[4]);
    System.out.printf(
        Locale.ROOT,
        "## status server: /healthz every 100 ms for %d s, with %d slow clients and without,"
            + " %d rounds%n",
        seconds,
        clients,
        rounds);
    List<Run> without = new ArrayList<>();
    List<Run> with = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      without.add(run(work.resolve("without-" + round), processor, 0, seconds));
      with.add(run(work.resolve("with-" + round), processor, clients, seconds));
    }
    print("without slow clients", without);
    print("with " + clients + " slow clients", with);
  }

  private record Run(List<Long> healthzNanos, long peakRssMb, int opened, int failed) {}

  private static Run run(Path dir, Variant processor, int clients, long seconds) throws Exception {
    Files.createDirectories(dir);
    Path log = dir.resolveSibling(dir.getFileName() + ".log");
    try (Daemon daemon = processor.start(dir, log, "--http", "127.0.0.1:0");
        SlowClients slow = new SlowClients(address(daemon.statusPage()), clients)) {
      List<Long> latencies = new ArrayList<>();
      int failed = 0;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        slow.keepOpen();
        long started = System.nanoTime();
        if (healthz(slow.address())) {
          latencies.add(System.nanoTime() - started);
        } else {
          failed++;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
      return new Run(latencies, daemon.peakRssMb(), slow.opened(), failed);
    }
  }

  private static InetSocketAddress address(String url) {
    URI uri = URI.create(url);
    return new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  private static boolean healthz(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, 30_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return answer.startsWith("HTTP/1.1 200 ") && answer.endsWith("ok\n");
    } catch (IOException e) {
      return false;
    }
  }

  private static void print(String label, List<Run> runs) {
    for (Run run : runs) {
      Percentiles latency =
          Percentiles.of(run.healthzNanos().stream().mapToLong(Long::longValue).toArray());
      System.out.printf(
          Locale.ROOT,
          "%s: /healthz answered %s, %d failed; slow connections opened %d; peak RSS %d MB%n",
          label,
          latency,
          run.failed(),
          run.opened(),
          run.peakRssMb());
    }
  }

  /** The slow clients, each replaced once the server has closed it. */
  private static final class SlowClients implements AutoCloseable {
    private final InetSocketAddress address;
    private final Socket[] sockets;
    private long lastTrickle = System.nanoTime() - TimeUnit.SECONDS.toNanos(2);
    private int opened;

    SlowClients(InetSocketAddress address, int count) {
      this.address = address;
      this.sockets = new Socket[count];
    }

    InetSocketAddress address() {
      return address;
    }

    int opened() {
      return opened;
    }

    // Called every 100 ms; once a second it replaces the closed ones and trickles a byte.
    void keepOpen() {
      if (System.nanoTime() - lastTrickle < TimeUnit.SECONDS.toNanos(1)) {
        return;
      }
      lastTrickle = System.nanoTime();
      for (int i = 0; i < sockets.length; i++) {
        try {
          if (sockets[i] == null || isClosed(sockets[i])) {
            sockets[i] = open(i);
          } else if (i % 3 == 2) {
            sockets[i].getOutputStream().write('X');
          }
        } catch (IOException e) {
          sockets[i] = null;
        }
      }
    }

    private Socket open(int i) throws IOException {
      if (sockets[i] != null) {
        sockets[i].close();
      }
      Socket socket = new Socket();
      socket.connect(address, 30_000);
      opened++;
      OutputStream out = socket.getOutputStream();
      if (i % 3 == 1) {
        out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      } else if (i % 3 == 2) {
        out.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      return socket;
    }

    private static boolean isClosed(Socket socket) throws IOException {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      try {
        return in.read() < 0;
      } catch (java.net.SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      for (Socket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
  }
}
