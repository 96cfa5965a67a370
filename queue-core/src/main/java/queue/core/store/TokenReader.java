package queue.core.store;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import queue.core.Durations;
import queue.core.error.CorruptStateException;
import queue.core.error.InvalidInputException;
import queue.core.json.InstantText;
import queue.core.json.Json;
import queue.core.json.JsonTrees;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a state file token by token with the product's limits ({@link Json#factory()}). Each value
 * method reads the current token; {@link #nextField} and {@link #nextElement} move on. A file that
 * is not what the reader expects is refused with a {@link CorruptStateException} naming the file,
 * the place in it ({@code 'entries[0].sender'}) and the problem.
 */
final class TokenReader implements AutoCloseable {
  private final Path file;
  private final JsonParser parser;
  private String field;

  TokenReader(Path file, byte[] bytes) {
    this.file = file;
    this.parser = Json.factory().createParser(ObjectReadContext.empty(), bytes);
  }

  /** Moves to the document's root object. */
  void startDocument() {
    JsonToken first = next();
    if (first == JsonToken.VALUE_NULL) {
      throw StateCodec.corrupt(file, "the file holds null", null);
    }
    if (first != JsonToken.START_OBJECT) {
      throw StateCodec.corrupt(file, "not the JSON object expected", null);
    }
  }

  /** Checks that nothing follows the root object. */
  void endDocument() {
    if (next() != null) {
      throw StateCodec.corrupt(file, "not the JSON object expected", null);
    }
  }

  /** Moves to the next field's value, or past the end of the object: false. */
  boolean nextField() {
    if (next() == JsonToken.END_OBJECT) {
      return false;
    }
    field = parser.currentName();
    next();
    return true;
  }

  /** The name of the field whose value is the current token. */
  String name() {
    return field;
  }

  /** Moves to the next element of an array, or past its end: false. */
  boolean nextElement() {
    return next() != JsonToken.END_ARRAY;
  }

  boolean isNull() {
    return parser.currentToken() == JsonToken.VALUE_NULL;
  }

  /** True at the start of an object, false at null; anything else is refused. */
  boolean isObject() {
    return is(JsonToken.START_OBJECT);
  }

  /** True at the start of an array, false at null; anything else is refused. */
  boolean isArray() {
    return is(JsonToken.START_ARRAY);
  }

  private boolean is(JsonToken start) {
    if (parser.currentToken() == start) {
      return true;
    }
    if (isNull()) {
      return false;
    }
    throw wrongType();
  }

  String string() {
    if (isNull()) {
      return null;
    }
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType();
    }
    return parser.getString();
  }

  long longValue() {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType();
    }
    return parser.getLongValue();
  }

  int intValue() {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType();
    }
    return parser.getIntValue();
  }

  Long longOrNull() {
    return isNull() ? null : longValue();
  }

  Integer intOrNull() {
    return isNull() ? null : intValue();
  }

  Boolean booleanOrNull() {
    return switch (parser.currentToken()) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> throw wrongType();
    };
  }

  Instant instant() {
    String text = string();
    try {
      return text == null ? null : InstantText.parse(text);
    } catch (DateTimeException e) {
      throw wrongType();
    }
  }

  Duration duration() {
    String text = string();
    try {
      return text == null ? null : Durations.parse(text);
    } catch (InvalidInputException e) {
      throw StateCodec.corrupt(file, "at " + place() + ": " + e.getMessage(), e);
    }
  }

  /** The constant whose name in the file (its index in {@code names}) is the current string. */
  <E> E choice(E[] values, String[] names) {
    String text = string();
    for (int i = 0; text != null && i < names.length; i++) {
      if (names[i].equals(text)) {
        return values[i];
      }
    }
    if (text == null) {
      return null;
    }
    throw wrongType();
  }

  /** A JSON object kept as it is; null at null. */
  ObjectNode object() {
    return isObject() ? JsonTrees.readObject(parser) : null;
  }

  List<String> strings() {
    if (!isArray()) {
      return null;
    }
    List<String> strings = new ArrayList<>();
    while (nextElement()) {
      strings.add(string());
    }
    return strings;
  }

  CorruptStateException unknownField() {
    return StateCodec.corrupt(file, "unknown field " + place(), null);
  }

  CorruptStateException wrongType() {
    return StateCodec.corrupt(file, "a value of the wrong type at " + place(), null);
  }

  /** For the object just read, which its type refused. */
  CorruptStateException invalid(RuntimeException cause) {
    return StateCodec.corrupt(file, "a field is missing or invalid at " + place(), cause);
  }

  private JsonToken next() {
    return parser.nextToken();
  }

  /** A problem the parser found (syntax, limits), with the place it was found. */
  CorruptStateException parseError(JacksonException e) {
    String place = place();
    return StateCodec.corrupt(
        file, e.getOriginalMessage() + (place.equals("''") ? "" : " at " + place), e);
  }

  /** Where the reader is, as {@code 'entries[1].priority'}. */
  private String place() {
    List<String> parts = new ArrayList<>();
    for (TokenStreamContext c = parser.streamReadContext(); c != null; c = c.getParent()) {
      if (c.inArray() && c.hasCurrentIndex()) {
        parts.add("[" + c.getCurrentIndex() + "]");
      } else if (c.inObject() && c.currentName() != null) {
        parts.add((c.getParent() == null || c.getParent().inRoot() ? "" : ".") + c.currentName());
      }
    }
    StringBuilder place = new StringBuilder("'");
    for (int i = parts.size() - 1; i >= 0; i--) {
      place.append(parts.get(i));
    }
    return place.append("'").toString();
  }

  @Override
  public void close() {
    parser.close();
  }
}
