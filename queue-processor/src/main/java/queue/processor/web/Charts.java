package queue.processor.web;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import queue.processor.web.DeliveryHistory.Minute;

/**
 * The last hour as two inline SVG charts, drawn here so the page needs no script library and
 * nothing from outside: this processor's outcomes per minute as stacked bars, and the backlog as a
 * stepped area with a gap wherever a minute had no status read. Both are this processor's own, kept
 * in memory since it started, and their captions say so.
 */
final class Charts {
  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int LEFT = 40;
  private static final int TOP = 8;
  private static final int HEIGHT = 110;
  private static final double SLOT = 9.5;
  private static final int WIDTH = LEFT + (int) Math.ceil(SLOT * DeliveryHistory.MINUTES) + 6;

  private Charts() {}

  static void render(StringBuilder html, List<Minute> hour) {
    html.append("<section class=\"charts\">");
    outcomes(html, hour);
    backlog(html, hour);
    html.append("</section>");
  }

  private static void outcomes(StringBuilder html, List<Minute> hour) {
    long delivered = hour.stream().mapToLong(Minute::delivered).sum();
    long retried = hour.stream().mapToLong(Minute::retried).sum();
    long failed = hour.stream().mapToLong(Minute::failed).sum();
    html.append("<figure><figcaption>Deliveries per minute by this processor since it started")
        .append(" <span class=\"key d\">delivered ")
        .append(delivered)
        .append("</span><span class=\"key r\">retried ")
        .append(retried)
        .append("</span><span class=\"key f\">failed ")
        .append(failed)
        .append("</span></figcaption>");
    long max = nice(hour.stream().mapToLong(m -> m.delivered() + m.retried() + m.failed()).max());
    open(html, "outcomes", "Delivery outcomes per minute over the last hour", max);
    for (int i = 0; i < hour.size(); i++) {
      Minute minute = hour.get(i);
      html.append("<g><title>")
          .append(HH_MM.format(minute.start()))
          .append(" UTC: ")
          .append(minute.delivered())
          .append(" delivered, ")
          .append(minute.retried())
          .append(" retried, ")
          .append(minute.failed())
          .append(" failed</title>");
      double base = TOP + HEIGHT;
      base = bar(html, i, base, minute.delivered(), max, "d");
      base = bar(html, i, base, minute.retried(), max, "r");
      bar(html, i, base, minute.failed(), max, "f");
      hoverArea(html, i);
      html.append("</g>");
    }
    html.append("</svg></figure>");
  }

  // A stepped area under a line, one slot wide per sampled minute, so that even a minute sampled
  // alone (the page was open for a moment) reads as a level rather than a dot; a minute with no
  // status read leaves a gap.
  private static void backlog(StringBuilder html, List<Minute> hour) {
    html.append("<figure><figcaption>Backlog, as this processor read it since it started")
        .append(" <span class=\"key b\">entries due or in flight</span></figcaption>");
    long max = nice(hour.stream().filter(Minute::sampled).mapToLong(Minute::backlog).max());
    open(html, "backlog", "Backlog over the last hour", max);
    StringBuilder area = new StringBuilder();
    StringBuilder line = new StringBuilder();
    double base = TOP + HEIGHT;
    for (int i = 0; i < hour.size(); i++) {
      Minute minute = hour.get(i);
      if (!minute.sampled()) {
        continue;
      }
      double left = LEFT + SLOT * i;
      double y = base - scaled(minute.backlog(), max);
      boolean first = i == 0 || !hour.get(i - 1).sampled();
      boolean last = i == hour.size() - 1 || !hour.get(i + 1).sampled();
      if (first) {
        area.append(" M").append(Svg.number(left)).append(' ').append(Svg.number(base));
        line.append(" M").append(Svg.number(left)).append(' ').append(Svg.number(y));
      }
      area.append(" L").append(Svg.number(left)).append(' ').append(Svg.number(y));
      area.append(" L").append(Svg.number(left + SLOT)).append(' ').append(Svg.number(y));
      line.append(" L").append(Svg.number(left)).append(' ').append(Svg.number(y));
      line.append(" L").append(Svg.number(left + SLOT)).append(' ').append(Svg.number(y));
      if (last) {
        area.append(" L").append(Svg.number(left + SLOT)).append(' ').append(Svg.number(base));
        area.append(" Z");
      }
    }
    if (area.length() > 0) {
      html.append("<path class=\"ba\" d=\"").append(area.toString().trim()).append("\"/>");
      html.append("<path class=\"b\" d=\"").append(line.toString().trim()).append("\"/>");
    }
    for (int i = 0; i < hour.size(); i++) {
      Minute minute = hour.get(i);
      if (minute.sampled()) {
        html.append("<g><title>")
            .append(HH_MM.format(minute.start()))
            .append(" UTC: backlog ")
            .append(minute.backlog())
            .append("</title>");
        hoverArea(html, i);
        html.append("</g>");
      }
    }
    html.append("</svg></figure>");
  }

  // The frame: the axes, the scale's top and zero, and the hour from left to right.
  private static void open(StringBuilder html, String name, String label, long max) {
    int bottom = TOP + HEIGHT;
    html.append("<svg class=\"chart ")
        .append(name)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(bottom + 22)
        .append("\" role=\"img\" aria-label=\"")
        .append(label)
        .append("\">");
    Svg.line(html, LEFT, TOP, WIDTH - 4, TOP, "grid");
    Svg.line(html, LEFT, TOP + HEIGHT / 2, WIDTH - 4, TOP + HEIGHT / 2, "grid");
    Svg.line(html, LEFT, bottom, WIDTH - 4, bottom, "axis");
    Svg.text(html, LEFT - 6, TOP + 4, "end", String.valueOf(max));
    Svg.text(html, LEFT - 6, bottom + 4, "end", "0");
    Svg.text(html, LEFT, bottom + 16, "start", "60 min ago");
    Svg.text(html, LEFT + (WIDTH - LEFT) / 2, bottom + 16, "middle", "30 min ago");
    Svg.text(html, WIDTH - 4, bottom + 16, "end", "now");
  }

  private static double bar(
      StringBuilder html, int index, double base, long value, long max, String kind) {
    if (value == 0) {
      return base;
    }
    double height = Math.max(1, scaled(value, max));
    Svg.rect(html, kind, LEFT + SLOT * index + 1, base - height, SLOT - 2, height);
    return base - height;
  }

  // A transparent column over the whole minute, so its tooltip shows wherever the pointer is.
  private static void hoverArea(StringBuilder html, int index) {
    Svg.rect(html, "hover", LEFT + SLOT * index, TOP, SLOT, HEIGHT);
  }

  private static double scaled(long value, long max) {
    return (double) value * HEIGHT / max;
  }

  /**
   * The scale's top: the largest value rounded up to 1, 2 or 5 times a power of ten; 1 at least.
   */
  static long nice(OptionalLong largest) {
    long value = Math.max(1, largest.orElse(1));
    long power = 1;
    while (power * 10 <= value) {
      power *= 10;
    }
    for (long step : new long[] {1, 2, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }
}
