package queue.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.PrintWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Command output as JSON: the product's one mapper configuration ({@link queue.core.json.Json}),
 * except that a field without a value is written as null rather than left out, so a script sees
 * every field of the schema. The only mapper a command builds, on first use, so commands without
 * --json never pay for it. One compact document on one line.
 */
public final class Json {
  private Json() {}

  private static final class Holder {
    static final JsonMapper MAPPER =
        queue.core.json.Json.mapperBuilder()
            .changeDefaultPropertyInclusion(
                incl -> incl.withValueInclusion(JsonInclude.Include.ALWAYS))
            .build();
  }

  public static JsonMapper mapper() {
    return Holder.MAPPER;
  }

  /** Writes {@code document} as the only thing on stdout. */
  public static void print(PrintWriter out, Object document) {
    out.println(mapper().writeValueAsString(document));
    out.flush();
  }
}
