package queue.processor.web;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: every line is a HELP, a TYPE or a
 * sample; a family's HELP and TYPE come once, before its samples; names, label names, escapes and
 * values follow the format; a sample belongs to a declared family by the suffixes its type allows;
 * no series is written twice; the text ends with a newline. Anything else fails the test with the
 * line that broke the rule.
 */
final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) (\\S+) ?(.*)");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private final Map<String, String> types = new HashMap<>();
  private final Map<String, Double> samples = new LinkedHashMap<>();
  private final Set<String> finished = new HashSet<>();
  private String currentFamily;

  private PrometheusText() {}

  static PrometheusText parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the text does not end with a newline");
    }
    PrometheusText parsed = new PrometheusText();
    Set<String> helped = new HashSet<>();
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          parsed.comment(line, helped);
        } else {
          parsed.sample(line);
        }
      } catch (RuntimeException e) {
        throw new AssertionError("line " + number + " breaks the format: " + line, e);
      }
    }
    return parsed;
  }

  /** The value of one series, as {@code name{a="x",b="y"}} with labels in any order; else null. */
  Double value(String name, String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return samples.get(key(name, labels));
  }

  /** The type a family was declared with, or null. */
  String type(String family) {
    return types.get(family);
  }

  private void comment(String line, Set<String> helped) {
    Matcher m = COMMENT.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("a comment other than HELP or TYPE");
    }
    String family = require(NAME, m.group(2));
    if (m.group(1).equals("HELP")) {
      checkHelpEscapes(m.group(3));
      check(helped.add(family), "a second HELP for " + family);
      return;
    }
    check(TYPES.contains(m.group(3)), "unknown type " + m.group(3));
    check(types.put(family, m.group(3)) == null, "a second TYPE for " + family);
  }

  private void sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    String name = require(NAME, line.substring(0, brace >= 0 && brace < space ? brace : space));
    Map<String, String> labels = new TreeMap<>();
    String rest = line.substring(name.length());
    if (rest.startsWith("{")) {
      rest = labels(rest, labels);
    }
    String[] parts = rest.trim().split(" ");
    check(rest.startsWith(" ") && parts.length <= 2, "expected ' VALUE [TIMESTAMP]'");
    double value = number(parts[0]);
    if (parts.length == 2) {
      Long.parseLong(parts[1]);
    }
    String family = family(name, labels);
    check(family != null, "a sample of no declared family: " + name);
    if (!family.equals(currentFamily)) {
      check(finished.add(family), "the samples of " + family + " are not together");
      currentFamily = family;
    }
    check(samples.put(key(name, labels), value) == null, "a series written twice");
  }

  // Reads {a="x",b="y"} into labels; returns what follows the closing brace.
  private static String labels(String text, Map<String, String> labels) {
    int i = 1;
    while (text.charAt(i) != '}') {
      int equals = text.indexOf('=', i);
      String label = require(LABEL, text.substring(i, equals));
      check(text.charAt(equals + 1) == '"', "a label value not in quotes");
      StringBuilder value = new StringBuilder();
      int j = equals + 2;
      for (; text.charAt(j) != '"'; j++) {
        char c = text.charAt(j);
        if (c == '\\') {
          char next = text.charAt(++j);
          check(next == '\\' || next == '"' || next == 'n', "a bad escape \\" + next);
          value.append(next == 'n' ? '\n' : next);
        } else {
          check(c != '\n', "a raw newline in a label value");
          value.append(c);
        }
      }
      check(labels.put(label, value.toString()) == null, "label " + label + " twice");
      i = j + 1;
      if (text.charAt(i) == ',') {
        i++;
      }
    }
    return text.substring(i + 1);
  }

  // The declared family a sample belongs to, by the sample names its type allows.
  private String family(String name, Map<String, String> labels) {
    for (Map.Entry<String, String> declared : types.entrySet()) {
      if (sampleNames(declared.getKey(), declared.getValue(), labels).contains(name)) {
        return declared.getKey();
      }
    }
    return null;
  }

  private static Set<String> sampleNames(String family, String type, Map<String, String> labels) {
    return switch (type) {
      case "histogram" ->
          labels.containsKey("le")
              ? Set.of(family + "_bucket")
              : Set.of(family + "_sum", family + "_count");
      case "summary" ->
          labels.containsKey("quantile")
              ? Set.of(family)
              : Set.of(family + "_sum", family + "_count");
      default -> Set.of(family);
    };
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  private static void checkHelpEscapes(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\\') {
        char next = text.charAt(++i);
        check(next == '\\' || next == 'n', "a bad escape in HELP");
      }
    }
  }

  private static String require(Pattern pattern, String text) {
    check(pattern.matcher(text).matches(), "'" + text + "' is not a valid name");
    return text;
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static String key(String name, Map<String, String> labels) {
    return name + labels;
  }
}
