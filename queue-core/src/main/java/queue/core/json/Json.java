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
 * The one JSON mapper of the product: state files, history, export documents, payloads and command
 * output. Reading has size and depth limits, no polymorphic typing, and refuses unknown fields and
 * trailing tokens; nulls are left out; instants are ISO-8601 UTC text and durations are written as
 * users type them ({@code 30s}).
 */
public final class Json {
  private static final JsonMapper MAPPER = build();

  private Json() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  private static JsonMapper build() {
    StreamReadConstraints limits =
        StreamReadConstraints.builder()
            .maxNestingDepth(16)
            .maxStringLength(8 * 1024 * 1024)
            .maxNameLength(256)
            .maxNumberLength(32)
            .build();
    return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .addModule(
            new SimpleModule("queue-text")
                .addDeserializer(Instant.class, new InstantText())
                .addSerializer(Instant.class, new InstantText.Writer())
                .addDeserializer(Duration.class, new DurationText())
                .addSerializer(Duration.class, new DurationText.Writer()))
        .changeDefaultPropertyInclusion(
            incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
        .build();
  }
}
