package queue.core.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;
import queue.core.error.Refusals;

/**
 * Whom a reply goes to, one rule for every store: {@code queue reply} answers the message's sender,
 * and with {@code --all} also every recipient of it but the one replying. Each store finds the
 * answered message (still queued or in history) and checks, in its transaction, that every
 * recipient is a registered agent.
 */
public final class Replies {
  private Replies() {}

  /**
   * The message a reply answers, as a store found it.
   *
   * @param recipients everyone it was queued for, in the order given
   */
  public record Original(
      String messageId, String threadId, String sender, List<String> recipients) {

    public Original {
      recipients = List.copyOf(recipients);
    }
  }

  /**
   * The recipients of {@code request}, a {@code queue reply} to {@code original}: its sender first,
   * then (with {@link ReplyTo.Audience#EVERYONE}) its recipients, each once, less the one replying.
   * Nobody left is refused (exit 2).
   */
  public static List<String> recipients(Original original, SendRequest request) {
    Set<String> names = new LinkedHashSet<>();
    names.add(original.sender());
    if (request.replyTo().audience() == ReplyTo.Audience.EVERYONE) {
      names.addAll(original.recipients());
      names.remove(request.sender());
    }
    if (names.isEmpty()) {
      throw Refusals.nobodyToReplyTo(original.messageId(), request.sender());
    }
    return List.copyOf(names);
  }

  /**
   * Refuses (exit 2) a send whose recipients were not all found; a {@code queue reply} whose
   * answered message's sender is no registered agent says so in its own words.
   *
   * @param original the message {@code request} answers; null when it answers none
   */
  public static void requireFound(SendRequest request, SendRecipients found, Original original) {
    if (request.repliesToSender() && found.unknown().contains(original.sender())) {
      throw Refusals.senderNotAnAgent(original.messageId(), original.sender());
    }
    found.requireFound();
  }
}
