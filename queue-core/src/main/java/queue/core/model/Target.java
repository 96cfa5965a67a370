package queue.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import queue.core.json.JsonTrees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where and how an agent's transport delivers to it: a small JSON object (an inbox directory, a
 * URL, an argv, the delivery settings) that only the processor's transports and the command line
 * read. A store keeps it as it was given and never looks inside: {@code agents.json} as the agent's
 * {@code "target"} object, the PostgreSQL store in a {@code jsonb} column. Immutable; two targets
 * are equal when their JSON is.
 *
 * <p>The getters answer null for a field that is missing or holds another type of value, so a
 * reader decides what a target it cannot use means (the processor fails the entry, naming the
 * field).
 */
public final class Target {
  public static final Target EMPTY = new Target(JsonTrees.object());

  private final ObjectNode fields;

  private Target(ObjectNode fields) {
    this.fields = fields;
  }

  /** A target of the given JSON object (copied). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Target of(ObjectNode fields) {
    if (fields == null) {
      throw new IllegalArgumentException("a target must be a JSON object");
    }
    return new Target(fields.deepCopy());
  }

  /** The target written as {@link #toJson()} writes it; {@link IllegalArgumentException} if not. */
  public static Target parse(String json) {
    return new Target(JsonTrees.parseObject(json));
  }

  /** The JSON object, as compact text. */
  public String toJson() {
    return JsonTrees.toText(fields);
  }

  /** A copy of the JSON object, for writers of JSON. */
  @JsonValue
  public ObjectNode json() {
    return fields.deepCopy();
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  public boolean has(String field) {
    return fields.has(field);
  }

  /** The text of {@code field}; null if it is missing or not text. */
  public String text(String field) {
    JsonNode value = fields.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }

  /** The texts of {@code field}; null if it is missing or not an array of texts. */
  public List<String> texts(String field) {
    JsonNode value = fields.get(field);
    if (value == null || !value.isArray()) {
      return null;
    }
    List<String> texts = new ArrayList<>(value.size());
    for (JsonNode element : value.values()) {
      if (!element.isString()) {
        return null;
      }
      texts.add(element.stringValue());
    }
    return List.copyOf(texts);
  }

  /** The whole number in {@code field}; null if it is missing or not a whole number of an int. */
  public Integer integer(String field) {
    JsonNode value = fields.get(field);
    return value != null && value.isIntegralNumber() && value.canConvertToInt()
        ? value.intValue()
        : null;
  }

  /** This target with {@code field} set to {@code value}; a null value removes it. */
  public Target with(String field, String value) {
    ObjectNode copy = fields.deepCopy();
    if (value == null) {
      copy.remove(field);
    } else {
      copy.put(field, value);
    }
    return new Target(copy);
  }

  /** This target with {@code field} set to the texts; null removes it. */
  public Target with(String field, List<String> values) {
    ObjectNode copy = fields.deepCopy();
    if (values == null) {
      copy.remove(field);
    } else {
      values.forEach(copy.putArray(field)::add);
    }
    return new Target(copy);
  }

  /** This target with {@code field} set to a whole number; null removes it. */
  public Target with(String field, Integer value) {
    ObjectNode copy = fields.deepCopy();
    if (value == null) {
      copy.remove(field);
    } else {
      copy.put(field, value.intValue());
    }
    return new Target(copy);
  }

  /**
   * Changes for a target that remove the fields {@code names} from it (see {@link #merged}): this
   * target with each of them set to null.
   */
  public Target clearing(String... names) {
    ObjectNode copy = fields.deepCopy();
    for (String name : names) {
      copy.putNull(name);
    }
    return new Target(copy);
  }

  /**
   * This target with every field of {@code changes} taking its place, and without those that are
   * null in {@code changes}: a JSON merge patch (RFC 7386), one level deep.
   */
  public Target merged(Target changes) {
    ObjectNode copy = fields.deepCopy();
    for (Map.Entry<String, JsonNode> field : changes.fields.properties()) {
      if (field.getValue().isNull()) {
        copy.remove(field.getKey());
      } else {
        copy.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    return new Target(copy);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Target target && fields.equals(target.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
