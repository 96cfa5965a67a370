package queue.cli;

import java.io.PrintWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Command output as JSON, with the product's output mapper ({@link
 * queue.core.json.Json#outputMapper()}): built on first use, so commands without --json never pay
 * for it. One compact document on one line.
 */
public final class Json {
  private Json() {}

  public static JsonMapper mapper() {
    return queue.core.json.Json.outputMapper();
  }

  /** Writes {@code document} as the only thing on stdout. */
  public static void print(PrintWriter out, Object document) {
    out.println(mapper().writeValueAsString(document));
    out.flush();
  }
}
