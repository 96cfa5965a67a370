package queue.processor.web;

import java.util.Locale;

/** The few SVG elements the charts are drawn with; their text is the charts' own, never input. */
final class Svg {
  private Svg() {}

  static void line(StringBuilder html, int x1, int y1, int x2, int y2, String kind) {
    html.append("<line class=\"")
        .append(kind)
        .append("\" x1=\"")
        .append(x1)
        .append("\" y1=\"")
        .append(y1)
        .append("\" x2=\"")
        .append(x2)
        .append("\" y2=\"")
        .append(y2)
        .append("\"/>");
  }

  static void text(StringBuilder html, int x, int y, String anchor, String label) {
    html.append("<text x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y)
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\">")
        .append(label)
        .append("</text>");
  }

  static void rect(
      StringBuilder html, String kind, double x, double y, double width, double height) {
    html.append("<rect class=\"")
        .append(kind)
        .append("\" x=\"")
        .append(number(x))
        .append("\" y=\"")
        .append(number(y))
        .append("\" width=\"")
        .append(number(width))
        .append("\" height=\"")
        .append(number(height))
        .append("\"/>");
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
