package queue.processor.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import queue.core.api.ProcessorInfo;
import queue.core.api.StatusReport.Counts;
import queue.processor.web.DeliveryHistory.Minute;

/**
 * The part of the page that refreshes: the totals, the agents, the charts, the processors and the
 * latest messages, all from one {@link Reading}. Served alone at {@code /live} for the page's
 * script to swap in, and inside the whole page at {@code /}.
 */
final class LiveView {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private LiveView() {}

  static String render(Reading reading, List<Minute> hour) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<p class=\"updated\">as of <time datetime=\"")
        .append(reading.at())
        .append("\">")
        .append(CLOCK.format(reading.at()))
        .append("</time></p>");
    if (!reading.ok()) {
      html.append("<p class=\"alert\" role=\"alert\">The store cannot be read: ")
          .append(Html.escape(reading.failure()))
          .append("</p>");
    } else {
      totals(html, reading.report().totals());
      AgentTable.render(html, reading.report().agents(), reading.at());
    }
    Charts.render(html, hour);
    if (reading.ok()) {
      processors(html, reading.processors(), reading.at());
      MessageList.render(html, reading.recent(), reading.at());
    }
    return html.toString();
  }

  private static void totals(StringBuilder html, Counts totals) {
    html.append("<ul class=\"totals\">");
    total(html, "pending", totals.pending(), "");
    total(html, "scheduled", totals.scheduled(), "");
    total(html, "processing", totals.processing(), "");
    total(html, "delivered", totals.delivered(), "");
    total(html, "failed", totals.failed(), totals.failed() > 0 ? " bad" : "");
    html.append("</ul>");
  }

  private static void total(StringBuilder html, String name, long value, String kind) {
    html.append("<li class=\"total")
        .append(kind)
        .append("\" data-total=\"")
        .append(name)
        .append("\"><b>")
        .append(value)
        .append("</b> ")
        .append(name)
        .append("</li>");
  }

  private static void processors(StringBuilder html, List<ProcessorInfo> running, Instant now) {
    html.append("<section><h2>Processors</h2>");
    if (running.isEmpty()) {
      html.append("<p class=\"none\">None is registered as running.</p></section>");
      return;
    }
    html.append("<table class=\"processors\"><thead><tr><th>Owner</th><th>Host</th>")
        .append("<th class=\"n\">PID</th><th>Started</th></tr></thead><tbody>");
    for (ProcessorInfo processor : running) {
      html.append("<tr><td><code>")
          .append(Html.escape(processor.owner()))
          .append("</code></td><td>")
          .append(Html.escape(processor.host()))
          .append("</td><td class=\"n\">")
          .append(processor.pid())
          .append("</td><td>")
          .append(Html.ago(processor.startedAt(), now))
          .append("</td></tr>");
    }
    html.append("</tbody></table></section>");
  }
}
