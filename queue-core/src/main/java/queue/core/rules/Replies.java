package queue.core.rules;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;
import queue.core.error.InvalidInputException;
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
   * The refusal of a reply to {@code original} whose recipients {@code unknown} are not registered
   * agents: its sender named as such when it is one of them.
   */
  public static InvalidInputException refusal(Original original, Collection<String> unknown) {
    return unknown.contains(original.sender())
        ? Refusals.senderNotAnAgent(original.messageId(), original.sender())
        : Refusals.unknownRecipients(unknown);
  }
}
