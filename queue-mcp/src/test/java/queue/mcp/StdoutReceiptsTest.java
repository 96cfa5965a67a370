package queue.mcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StdoutReceiptsTest {
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final StdoutReceipts receipts = new StdoutReceipts(written, lines -> {});
  private final AtomicInteger acknowledged = new AtomicInteger();

  private void writeLine(OutputStream out, String json) throws IOException {
    out.write(json.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
    out.flush();
  }

  @Test
  void anActionRunsOnceTheLineCarryingItsTokenWasWrittenAndFlushed() throws IOException {
    String token = receipts.register(acknowledged::incrementAndGet);
    receipts.write(("{\"result\":{\"_meta\":{\"queue/receipt\":\"" + token + "\"}}}").getBytes());
    receipts.flush();
    assertEquals(0, acknowledged.get(), "the line has not ended yet");

    receipts.write('\n');
    assertEquals(0, acknowledged.get(), "not before the flush returned");
    receipts.flush();

    assertEquals(1, acknowledged.get());
    receipts.flush();
    writeLine(receipts, "{\"again\":\"" + token + "\"}");
    assertEquals(1, acknowledged.get(), "an action runs once");
  }

  @Test
  void bytesPassThroughUnchanged() throws IOException {
    receipts.register(acknowledged::incrementAndGet);
    byte[] line = "{\"id\":1,\"text\":\"é\"}\n".getBytes(StandardCharsets.UTF_8);
    receipts.write(line);
    receipts.flush();
    assertArrayEquals(line, written.toByteArray());
  }

  @Test
  void otherLinesRunNothing() throws IOException {
    String token = receipts.register(acknowledged::incrementAndGet);
    writeLine(receipts, "{\"id\":1,\"result\":{}}");
    writeLine(receipts, "{\"almost\":\"" + token.substring(0, token.length() - 1) + "\"}");
    assertEquals(0, acknowledged.get());
  }

  @Test
  void aTokenSplitAcrossWritesIsStillSeen() throws IOException {
    String token = receipts.register(acknowledged::incrementAndGet);
    String line = "{\"m\":\"QQ" + token + "\"}\n";
    for (byte b : line.getBytes(StandardCharsets.US_ASCII)) {
      receipts.write(b);
    }
    receipts.flush();
    assertEquals(1, acknowledged.get());
  }

  @Test
  void aWriteThatFailsRunsNothing() {
    StdoutReceipts broken =
        new StdoutReceipts(
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
              }
            },
            lines -> {});
    String token = broken.register(acknowledged::incrementAndGet);
    assertThrows(IOException.class, () -> writeLine(broken, "{\"t\":\"" + token + "\"}"));
    assertEquals(0, acknowledged.get());
  }

  @Test
  void aFlushThatFailsRunsNothing() throws IOException {
    StdoutReceipts unflushable =
        new StdoutReceipts(
            new ByteArrayOutputStream() {
              @Override
              public void flush() throws IOException {
                throw new IOException("Broken pipe");
              }
            },
            lines -> {});
    String token = unflushable.register(acknowledged::incrementAndGet);
    unflushable.write(("{\"t\":\"" + token + "\"}\n").getBytes(StandardCharsets.US_ASCII));
    assertThrows(IOException.class, unflushable::flush);
    assertEquals(0, acknowledged.get());
  }

  @Test
  void eachTokenRunsOnlyItsOwnAction() throws IOException {
    AtomicInteger other = new AtomicInteger();
    String first = receipts.register(acknowledged::incrementAndGet);
    receipts.register(other::incrementAndGet);
    writeLine(receipts, "{\"t\":\"" + first + "\"}");
    assertEquals(1, acknowledged.get());
    assertEquals(0, other.get());
  }
}
