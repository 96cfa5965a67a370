package queue.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import queue.core.Durations;
import queue.core.error.InvalidInputException;

/**
 * A tool call's arguments, read with the checks the command line makes of its options and the same
 * kind of message: the SDK checks them against the tool's schema first, and these checks hold
 * whatever a client sends.
 */
final class Arguments {
  private final Map<String, Object> values;

  Arguments(Map<String, Object> values) {
    this.values = values == null ? Map.of() : values;
  }

  /** A text argument, or null when absent. */
  String text(String name) {
    Object value = values.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw invalid(name, value, "a string");
  }

  /** A text argument that must be given. */
  String required(String name) {
    String text = text(name);
    if (text == null) {
      throw new InvalidInputException("missing " + name + ": give it, as the tool's schema says");
    }
    return text;
  }

  boolean flag(String name) {
    Object value = values.get(name);
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    throw invalid(name, value, "true or false");
  }

  /** A list of names; empty when absent. */
  List<String> names(String name) {
    Object value = values.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw invalid(name, value, "a list of agent names");
    }
    List<String> names = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String text)) {
        throw invalid(name, value, "a list of agent names");
      }
      names.add(text);
    }
    return names;
  }

  /** A whole number from {@code min} to {@code max}, or {@code otherwise} when absent. */
  int number(String name, int otherwise, int min, int max) {
    Object value = values.get(name);
    if (value == null) {
      return otherwise;
    }
    if (value instanceof Number number
        && number.doubleValue() == Math.rint(number.doubleValue())
        && number.doubleValue() >= min
        && number.doubleValue() <= max) {
      return number.intValue();
    }
    throw invalid(name, value, "a whole number from " + min + " to " + max);
  }

  /** A duration as users type them (500ms, 10s, 5m, 1h, 7d), or null when absent. */
  Duration duration(String name) {
    String text = text(name);
    return text == null ? null : Durations.parse(text);
  }

  private static InvalidInputException invalid(String name, Object value, String expected) {
    return new InvalidInputException("invalid " + name + " " + value + ": use " + expected);
  }
}
