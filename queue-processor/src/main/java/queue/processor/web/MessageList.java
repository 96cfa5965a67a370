package queue.processor.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import queue.core.api.MessageStatus;
import queue.core.api.MessageStatus.RecipientState;

/** The latest messages, newest first, each with where every one of its entries is now. */
final class MessageList {
  private static final int BODY_SHOWN = 300;

  private MessageList() {}

  static void render(StringBuilder html, List<MessageStatus> messages, Instant now) {
    html.append("<section><h2>Latest messages</h2>");
    if (messages.isEmpty()) {
      html.append("<p class=\"none\">No message is queued.</p></section>");
      return;
    }
    html.append("<ol class=\"messages\">");
    for (MessageStatus message : messages) {
      message(html, message, now);
    }
    html.append("</ol></section>");
  }

  private static void message(StringBuilder html, MessageStatus message, Instant now) {
    html.append("<li data-message=\"")
        .append(Html.escape(message.messageId()))
        .append("\"><div class=\"meta\"><code title=\"")
        .append(Html.escape(message.messageId()))
        .append("\">")
        .append(Html.escape(Html.cut(message.messageId(), 8)))
        .append("</code> from <b>")
        .append(Html.escape(message.sender() == null ? "?" : message.sender()))
        .append("</b> ")
        .append(Html.ago(message.createdAt(), now))
        .append("</div><div class=\"body\">")
        .append(Html.escape(Html.cut(message.body(), BODY_SHOWN)))
        .append("</div><ul class=\"recipients\">");
    for (RecipientState recipient : message.recipients()) {
      recipient(html, recipient, now);
    }
    html.append("</ul></li>");
  }

  private static void recipient(StringBuilder html, RecipientState recipient, Instant now) {
    String state = recipient.state().name().toLowerCase(Locale.ROOT);
    html.append("<li class=\"st-")
        .append(state)
        .append("\" data-recipient=\"")
        .append(Html.escape(recipient.recipient()))
        .append('"');
    if (recipient.lastError() != null) {
      html.append(" title=\"").append(Html.escape(recipient.lastError())).append('"');
    }
    html.append('>')
        .append(Html.escape(recipient.recipient()))
        .append(" <b>")
        .append(state)
        .append("</b>");
    if (recipient.attempts() > 0 && !state.equals("delivered")) {
      html.append(" <small>")
          .append(recipient.attempts())
          .append(recipient.attempts() == 1 ? " attempt" : " attempts")
          .append("</small>");
    }
    // A scheduled entry, or one waiting for its retry: say when it falls due.
    if (state.equals("pending")
        && recipient.nextAttemptAt() != null
        && recipient.nextAttemptAt().isAfter(now)) {
      html.append(" <small>due ")
          .append(Html.since(Duration.between(recipient.nextAttemptAt(), now)))
          .append("</small>");
    }
    html.append("</li>");
  }
}
