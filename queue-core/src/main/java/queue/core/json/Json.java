package queue.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON configuration of the product. {@link #factory()} reads and writes tokens with size and
 * depth limits: the state files are read and written with it alone, token by token. {@link
 * #mapper()} is the one mapper, built on that factory on first use, for history, export documents,
 * payloads and command output: it has no polymorphic typing, refuses unknown fields and trailing
 * tokens, leaves nulls out, and writes instants as ISO-8601 UTC text and durations as users type
 * them ({@code 30s}). Building it costs a cold start much, so what needs no mapper never builds it.
 */
public final class Json {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(16)
                  .maxStringLength(8 * 1024 * 1024)
                  .maxNameLength(256)
                  .maxNumberLength(32)
                  .build())
          .build();

  private Json() {}

  /** Token streams with the product's read limits. */
  public static JsonFactory factory() {
    return FACTORY;
  }

  public static JsonMapper mapper() {
    return MapperHolder.MAPPER;
  }

  /**
   * The mapper of what the product answers a user or a program with (the command line's --json
   * output, the MCP server's tool results): the one mapper's configuration, except that a field
   * without a value is written as null rather than left out, so a script sees every field of the
   * schema (a record annotated NON_NULL still leaves its absent fields out).
   */
  public static JsonMapper outputMapper() {
    return OutputMapperHolder.MAPPER;
  }

  /** The mapper's configuration, for a program that needs it changed (and only that mapper). */
  public static JsonMapper.Builder mapperBuilder() {
    return JsonMapper.builder(FACTORY)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .addModule(
            new SimpleModule("queue-text")
                .addDeserializer(Instant.class, new InstantText.Reader())
                .addSerializer(Instant.class, new InstantText.Writer())
                .addDeserializer(Duration.class, new DurationText())
                .addSerializer(Duration.class, new DurationText.Writer()))
        .changeDefaultPropertyInclusion(
            incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL));
  }

  private static final class MapperHolder {
    static final JsonMapper MAPPER = mapperBuilder().build();
  }

  private static final class OutputMapperHolder {
    static final JsonMapper MAPPER =
        mapperBuilder()
            .changeDefaultPropertyInclusion(
                incl -> incl.withValueInclusion(JsonInclude.Include.ALWAYS))
            .build();
  }
}
