package queue.core.json;

import java.time.Duration;
import queue.core.Durations;
import queue.core.error.InvalidInputException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

/** Durations in the state files as users type them ({@code 30s}, {@code 1h}). */
public final class DurationText extends ValueDeserializer<Duration> {

  @Override
  public Duration deserialize(JsonParser parser, DeserializationContext context) {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      return (Duration) context.handleUnexpectedToken(Duration.class, parser);
    }
    String text = parser.getString();
    try {
      return Durations.parse(text);
    } catch (InvalidInputException e) {
      return (Duration) context.handleWeirdStringValue(Duration.class, text, e.getMessage());
    }
  }

  /** Writes durations as {@link Durations#format} does. */
  public static final class Writer extends ValueSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator generator, SerializationContext context) {
      generator.writeString(Durations.format(value));
    }
  }
}
