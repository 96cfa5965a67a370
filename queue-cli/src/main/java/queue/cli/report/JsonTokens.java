package queue.cli.report;

import java.time.Instant;
import queue.core.json.InstantText;
import tools.jackson.core.JsonGenerator;

/**
 * Fields of a --json document written token by token as the command line's mapper writes them: a
 * field without a value as null, a time as the product's ISO-8601 UTC text.
 */
final class JsonTokens {
  private JsonTokens() {}

  static void string(JsonGenerator out, String name, String value) {
    out.writeName(name);
    if (value == null) {
      out.writeNull();
    } else {
      out.writeString(value);
    }
  }

  static void instant(JsonGenerator out, String name, Instant value) {
    string(out, name, value == null ? null : InstantText.formatUtc(value));
  }
}
