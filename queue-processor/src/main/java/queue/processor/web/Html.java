package queue.processor.web;

import java.time.Duration;
import java.time.Instant;

/** Escaping and the few text forms the page shows: every text from the store goes through here. */
final class Html {
  private Html() {}

  /** {@code text} as HTML text or a quoted attribute value; null as empty. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** At most {@code max} characters, with an ellipsis when cut; escape the result. */
  static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
  }

  /** A {@code <time>} showing how long ago {@code at} was, the instant itself as its tooltip. */
  static String ago(Instant at, Instant now) {
    if (at == null) {
      return "<span class=\"none\">never</span>";
    }
    return "<time datetime=\""
        + at
        + "\" title=\""
        + at
        + "\">"
        + since(Duration.between(at, now))
        + "</time>";
  }

  /** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; a time ahead reads "in ...". */
  static String since(Duration elapsed) {
    long seconds = Math.abs(elapsed.getSeconds());
    String amount;
    if (seconds < 1) {
      return "just now";
    } else if (seconds < 120) {
      amount = seconds + " s";
    } else if (seconds < 2 * 3600) {
      amount = seconds / 60 + " min";
    } else if (seconds < 2 * 86_400) {
      amount = seconds / 3600 + " h";
    } else {
      amount = seconds / 86_400 + " d";
    }
    return elapsed.isNegative() ? "in " + amount : amount + " ago";
  }
}
