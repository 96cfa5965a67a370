package queue.cli.send;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import queue.core.error.InvalidInputException;
import queue.core.error.SaveFailedException;

/**
 * The body of {@code queue send}: the argument, or stdin when the argument is {@code -} or absent
 * and stdin is not a terminal. Stdin is read to at most one byte over the limit and must be strict
 * UTF-8; it is taken byte for byte (a trailing newline stays part of the body).
 */
final class BodyReader {
  private final InputStream stdin;
  private final boolean stdinIsTerminal;
  private final int maxBytes;

  BodyReader(InputStream stdin, boolean stdinIsTerminal, int maxBytes) {
    this.stdin = stdin;
    this.stdinIsTerminal = stdinIsTerminal;
    this.maxBytes = maxBytes;
  }

  String read(String argument) {
    if (argument != null && !argument.equals("-")) {
      return argument;
    }
    if (argument == null && stdinIsTerminal) {
      throw new InvalidInputException(
          "no message body: give it as an argument, or pipe it on stdin (BODY '-' reads stdin)");
    }
    return decode(readLimited());
  }

  private byte[] readLimited() {
    try {
      byte[] bytes = stdin.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new InvalidInputException(
            "message body on stdin is over the limit of " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new SaveFailedException("cannot read the message body from stdin: " + e, e);
    }
  }

  private static String decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(
          "the message body on stdin is not valid UTF-8 ("
              + e.getMessage()
              + "); send text, or encode binary data first (e.g. base64)");
    }
  }
}
