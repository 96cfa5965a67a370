package queue.processor.deliver;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text that goes into an entry's last error and the processor's log: valid UTF-8, on one line,
 * capped. What an agent printed or answered is foreign text (binary, several lines, megabytes), and
 * both the log and {@code queue status --message} show one line per item.
 */
public final class ErrorText {
  /** The longest piece of foreign text kept in an error, in characters. */
  public static final int MAX_CHARS = 2000;

  // Whitespace, control characters (C0 and C1) and the Unicode line and paragraph separators.
  private static final Pattern BREAKS = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\s]+");
  private static final String ELLIPSIS = "…";

  private ErrorText() {}

  /** {@code bytes} as UTF-8 text (malformed sequences become U+FFFD), on one line, capped. */
  public static String fromBytes(byte[] bytes, int length) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
      return oneLine(chars.toString());
    } catch (CharacterCodingException e) {
      // REPLACE never throws; kept for the checked signature.
      throw new IllegalStateException(e);
    }
  }

  /** {@code text} with every run of line breaks and control characters made one space, capped. */
  public static String oneLine(String text) {
    String flat = BREAKS.matcher(text).replaceAll(" ").strip();
    if (flat.length() <= MAX_CHARS) {
      return flat;
    }
    int end = MAX_CHARS;
    if (Character.isHighSurrogate(flat.charAt(end - 1))) {
      end--;
    }
    return flat.substring(0, end) + ELLIPSIS;
  }

  /**
   * What went wrong, in words, on one line: a refused connection says "connection refused" even
   * where the JDK's exception has no message.
   */
  public static String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpConnectTimeoutException) {
        return "connect timed out";
      }
      if (cause instanceof ConnectException) {
        String message = cause.getMessage();
        return message == null || message.isBlank()
            ? "connection refused"
            : oneLine(message.toLowerCase(Locale.ROOT));
      }
      if (cause instanceof HttpTimeoutException) {
        return "timed out";
      }
      if (cause instanceof NoSuchFileException) {
        return "no such file";
      }
      if (cause instanceof AccessDeniedException) {
        return "permission denied";
      }
      if (cause instanceof UnknownHostException) {
        return "unknown host " + cause.getMessage();
      }
    }
    String message = failure.getMessage();
    String kind = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : oneLine(kind + ": " + message);
  }
}
