package queue.cli;

import java.io.PrintWriter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one ObjectMapper of the command line, built on first use so that commands without --json
 * never pay for it. Output is one compact document on one line, fields in declaration order.
 */
public final class Json {
  private Json() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();
  }

  public static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  /** Writes {@code document} as the only thing on stdout. */
  public static void print(PrintWriter out, Object document) {
    out.println(mapper().writeValueAsString(document));
    out.flush();
  }
}
