package queue.processor.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {

  @Test
  void lineBreaksTabsAndControlCharactersBecomeOneSpace() {
    assertEquals(
        "one two three four five six",
        ErrorText.oneLine("one\r\ntwo\tthree\u0000\u001b four\u0085five\u2028six\n"));
  }

  @Test
  void longTextIsCutWithAnEllipsisAndNeverHalfACharacter() {
    String text = "a".repeat(ErrorText.MAX_CHARS - 1) + "😀" + "b".repeat(100);

    String line = ErrorText.oneLine(text);

    assertEquals("a".repeat(ErrorText.MAX_CHARS - 1) + "…", line);
  }

  @Test
  void bytesThatAreNotUtf8BecomeReplacementCharacters() {
    byte[] bytes = {'o', 'k', (byte) 0xff, (byte) 0xfe, ' ', (byte) 0xe2, (byte) 0x9c, '\n', 'x'};

    String text = ErrorText.fromBytes(bytes, bytes.length);

    assertEquals("ok\uFFFD\uFFFD \uFFFD x", text);
    assertEquals(text, new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }

  @Test
  void aRefusedConnectionIsNamedEvenWithoutAMessage() {
    assertEquals(
        "connection refused", ErrorText.describe(new ExecutionException(new ConnectException())));
    assertTrue(ErrorText.describe(new IllegalStateException("bad\nstate")).endsWith("bad state"));
  }
}
