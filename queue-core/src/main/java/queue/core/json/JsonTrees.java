package queue.core.json;

import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON trees read from and written to token streams, without a mapper (building one costs a cold
 * start): how the state files and a database column carry a JSON object they do not look into. A
 * whole number is an int node when it fits one and a long node otherwise, as the mapper reads it,
 * so that a tree read either way compares equal.
 */
public final class JsonTrees {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /** A new, empty object. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * The JSON object in {@code text}, read with the product's limits; {@link
   * IllegalArgumentException} if it is not one.
   */
  public static ObjectNode parseObject(String text) {
    try (JsonParser parser = Json.factory().createParser(ObjectReadContext.empty(), text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object: " + text);
      }
      ObjectNode object = readObject(parser);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("trailing content after the JSON object: " + text);
      }
      return object;
    }
  }

  /** The object whose START_OBJECT is the parser's current token; the parser ends on its end. */
  public static ObjectNode readObject(JsonParser parser) {
    ObjectNode object = NODES.objectNode();
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      object.set(name, readValue(parser));
    }
    return object;
  }

  private static JsonNode readValue(JsonParser parser) {
    return switch (parser.currentToken()) {
      case START_OBJECT -> readObject(parser);
      case START_ARRAY -> readArray(parser);
      case VALUE_STRING -> NODES.stringNode(parser.getString());
      case VALUE_NUMBER_INT -> integral(parser);
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default ->
          throw new IllegalArgumentException("unexpected JSON token " + parser.currentToken());
    };
  }

  private static ArrayNode readArray(JsonParser parser) {
    ArrayNode array = NODES.arrayNode();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      array.add(readValue(parser));
    }
    return array;
  }

  private static JsonNode integral(JsonParser parser) {
    return switch (parser.getNumberType()) {
      case INT -> NODES.numberNode(parser.getIntValue());
      case LONG -> NODES.numberNode(parser.getLongValue());
      default -> NODES.numberNode(parser.getBigIntegerValue());
    };
  }

  /** {@code node} as compact JSON text. */
  public static String toText(JsonNode node) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = Json.factory().createGenerator(ObjectWriteContext.empty(), text)) {
      write(out, node);
    }
    return text.toString();
  }

  /** Writes {@code node} at the generator's current place. */
  public static void write(JsonGenerator out, JsonNode node) {
    if (node.isObject()) {
      out.writeStartObject();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        out.writeName(field.getKey());
        write(out, field.getValue());
      }
      out.writeEndObject();
    } else if (node.isArray()) {
      out.writeStartArray();
      for (JsonNode element : node.values()) {
        write(out, element);
      }
      out.writeEndArray();
    } else if (node.isString()) {
      out.writeString(node.stringValue());
    } else if (node.isIntegralNumber()) {
      out.writeNumber(node.bigIntegerValue());
    } else if (node.isNumber()) {
      out.writeNumber(node.doubleValue());
    } else if (node.isBoolean()) {
      out.writeBoolean(node.booleanValue());
    } else {
      out.writeNull();
    }
  }
}
