package queue.processor.web;

import java.time.Instant;
import java.util.List;
import queue.core.api.StatusReport.AgentStatus;
import queue.core.api.StatusReport.Counts;

/** The agents, one row each, everything about an agent on one line. */
final class AgentTable {
  private static final int ERROR_SHOWN = 160;

  private AgentTable() {}

  static void render(StringBuilder html, List<AgentStatus> agents, Instant now) {
    html.append("<section><h2>Agents</h2>");
    if (agents.isEmpty()) {
      html.append("<p class=\"none\">No agent is registered: <code>queue agents add NAME</code>")
          .append("</p></section>");
      return;
    }
    html.append("<div class=\"scroll\"><table class=\"agents\"><thead><tr>")
        .append("<th>Agent</th><th>Transport</th><th class=\"n\">Pending</th>")
        .append("<th class=\"n\">Scheduled</th><th class=\"n\">Processing</th>")
        .append("<th class=\"n\">Delivered</th><th class=\"n\">Failed</th><th>State</th>")
        .append("<th>Last delivery</th><th>Last error</th></tr></thead><tbody>");
    for (AgentStatus agent : agents) {
      row(html, agent, now);
    }
    html.append("</tbody></table></div></section>");
  }

  private static void row(StringBuilder html, AgentStatus agent, Instant now) {
    Counts counts = agent.counts();
    html.append("<tr data-agent=\"")
        .append(Html.escape(agent.name()))
        .append("\" class=\"")
        .append(counts.failed() > 0 ? "bad" : "")
        .append(agent.paused() ? " paused" : "")
        .append("\"><th scope=\"row\">")
        .append(Html.escape(agent.name()))
        .append("</th><td>")
        .append(agent.transport() == null ? "—" : Html.escape(agent.transport()))
        .append("</td>");
    String waiting =
        agent.oldestPendingSince() == null
            ? null
            : "oldest due entry waiting since " + agent.oldestPendingSince();
    count(html, "pending", counts.pending(), waiting);
    count(html, "scheduled", counts.scheduled(), null);
    count(html, "processing", counts.processing(), null);
    count(html, "delivered", counts.delivered(), null);
    count(html, "failed", counts.failed(), null);
    html.append("<td data-field=\"state\">").append(state(agent)).append("</td>");
    html.append("<td data-field=\"last-delivery\">")
        .append(Html.ago(agent.lastDeliveredAt(), now))
        .append("</td>");
    lastError(html, agent.lastError());
    html.append("</tr>");
  }

  // On one line, cut by the stylesheet to the column's width; the whole error is its tooltip.
  private static void lastError(StringBuilder html, String error) {
    html.append("<td data-field=\"last-error\" class=\"error\"");
    if (error != null) {
      html.append(" title=\"").append(Html.escape(error)).append('"');
    }
    html.append('>').append(Html.escape(Html.cut(error, ERROR_SHOWN))).append("</td>");
  }

  private static void count(StringBuilder html, String field, long value, String title) {
    html.append("<td class=\"n")
        .append(value == 0 ? " zero" : "")
        .append("\" data-field=\"")
        .append(field)
        .append('"');
    if (title != null) {
      html.append(" title=\"").append(Html.escape(title)).append('"');
    }
    html.append('>').append(value).append("</td>");
  }

  private static String state(AgentStatus agent) {
    if (!agent.registered()) {
      return "<span class=\"badge gone\">removed</span>";
    }
    if (agent.paused()) {
      return "<span class=\"badge paused\">paused</span>";
    }
    return "<span class=\"badge ok\">active</span>";
  }
}
