package queue.cli;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded mutations of a JSON document, for fuzzing what the queue reads from outside: a value
 * replaced by a hostile string (path traversal, control characters, times no store keeps), a huge
 * or odd number, a value of the wrong type; a field removed or added; an array element duplicated;
 * a string copied from elsewhere in the document (an id where another id was). Every hostile path
 * climbs towards {@code escape}, so a test can tell whether anything was written through it.
 */
final class JsonMutations {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Random random;
  private final List<String> strings;
  private final List<JsonNode> numbers =
      List.of(
          NODES.numberNode(0),
          NODES.numberNode(-1),
          NODES.numberNode(1),
          NODES.numberNode(Integer.MAX_VALUE),
          NODES.numberNode(Integer.MIN_VALUE),
          NODES.numberNode(Long.MAX_VALUE),
          NODES.numberNode(Long.MIN_VALUE),
          NODES.numberNode(1L << 53),
          NODES.numberNode((1L << 53) + 1),
          NODES.numberNode(1L << 40),
          NODES.numberNode(1e308),
          NODES.numberNode(-0.0),
          NODES.numberNode(1.5),
          NODES.numberNode(BigInteger.TWO.pow(70)));

  /**
   * @param escape an absolute directory no write may ever reach; hostile paths climb towards it
   */
  JsonMutations(long seed, java.nio.file.Path escape) {
    this.random = new Random(seed);
    String climb = "../".repeat(40) + escape.toString().substring(1);
    this.strings =
        List.of(
            climb + "/PWNED",
            "../../../../PWNED",
            "..",
            ".",
            "a/b",
            "a\\b",
            "",
            " ",
            "\u0000",
            "x\u0000y",
            "\u0007bell",
            "line\nbreak",
            "\r\n",
            "\u202egnp.exe",
            "é",
            "x".repeat(100_000),
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "9999-12-31T23:59:59.999999999Z",
            "999999999999d",
            "0s",
            "-1s",
            "NaN",
            "null",
            "PROCESSING",
            "pull",
            "exec",
            "http",
            "inbox",
            "http://user:pa55word@127.0.0.1:9/",
            "ftp://127.0.0.1/x",
            "@everyone",
            "%s%n%x",
            "${jndi:ldap://127.0.0.1/x}",
            "<script>alert(1)</script>",
            "'; DROP TABLE queue_entries; --",
            "zzzzzzzz",
            "00000000",
            "0b4c7e2a-1d9f-4c1e-9a7b-3f2d1c0e9a11");
  }

  /** A place in the document: its container, and the field name or index there. */
  private record Place(String path, JsonNode container, String field, int index, JsonNode value) {}

  /** Applies one to three mutations to {@code document}; returns what was done, for a report. */
  String mutate(ObjectNode document) {
    StringBuilder done = new StringBuilder();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      List<Place> places = new ArrayList<>();
      collect("", null, null, -1, document, places);
      Place place = places.get(random.nextInt(places.size()));
      done.append(mutate(place, places)).append("; ");
    }
    return done.toString();
  }

  private String mutate(Place place, List<Place> places) {
    if (place.container() == null) {
      return "nothing (the root)";
    }
    return switch (random.nextInt(8)) {
      case 0, 1 -> set(place, NODES.stringNode(pick(strings)));
      case 2 -> set(place, pick(numbers));
      case 3 -> set(place, wrongType());
      case 4 -> remove(place);
      case 5 -> duplicate(place);
      case 6 -> addField(place);
      default -> set(place, anotherString(places));
    };
  }

  private JsonNode wrongType() {
    return switch (random.nextInt(6)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(true);
      case 2 -> NODES.objectNode();
      case 3 -> NODES.arrayNode();
      case 4 -> NODES.arrayNode().add("x");
      default -> NODES.objectNode().put("@class", "java.lang.ProcessBuilder");
    };
  }

  private JsonNode anotherString(List<Place> places) {
    List<JsonNode> texts = new ArrayList<>();
    for (Place place : places) {
      if (place.value().isString()) {
        texts.add(place.value());
      }
    }
    return texts.isEmpty() ? NODES.stringNode("") : pick(texts);
  }

  private String set(Place place, JsonNode value) {
    if (place.container() instanceof ObjectNode object) {
      object.set(place.field(), value);
    } else {
      ((ArrayNode) place.container()).set(place.index(), value);
    }
    return place.path() + " = " + shown(value);
  }

  private String remove(Place place) {
    if (place.container() instanceof ObjectNode object) {
      object.remove(place.field());
    } else {
      ((ArrayNode) place.container()).remove(place.index());
    }
    return place.path() + " removed";
  }

  private String duplicate(Place place) {
    if (place.container() instanceof ArrayNode array) {
      array.add(place.value().deepCopy());
      return place.path() + " duplicated";
    }
    return set(place, place.value().deepCopy());
  }

  private String addField(Place place) {
    if (place.value() instanceof ObjectNode object) {
      object.put("surplus", "x");
      return place.path() + " got an unknown field";
    }
    return set(place, NODES.stringNode(pick(strings)));
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static void collect(
      String path, JsonNode container, String field, int index, JsonNode node, List<Place> out) {
    out.add(new Place(path.isEmpty() ? "/" : path, container, field, index, node));
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> child : object.properties()) {
        collect(path + "/" + child.getKey(), object, child.getKey(), -1, child.getValue(), out);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        collect(path + "/" + i, array, null, i, array.get(i), out);
      }
    }
  }

  private static String shown(JsonNode value) {
    String text = value.toString();
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }
}
