package queue.core.agents;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import queue.core.error.InvalidInputException;

/**
 * Groups of agents: a name with the agents' rules ({@link AgentNames}), given to agents with {@code
 * agents add|set --group}; a send addresses a group as {@code @NAME} among its recipients ({@code
 * --to alice,@reviewers}). An agent name cannot hold an {@code @}, so a recipient is a group
 * exactly when it starts with one, and a group may share its name with an agent. A group has no
 * existence of its own: it is the agents that are in it now, so a group nobody is in is unknown.
 */
public final class Groups {
  /** What marks a recipient as a group. */
  public static final String MARK = "@";

  private Groups() {}

  /** True for a recipient that names a group ({@code @NAME}). */
  public static boolean isGroup(String recipient) {
    return recipient != null && recipient.startsWith(MARK);
  }

  /** The group a recipient {@code @NAME} names. */
  public static String groupOf(String recipient) {
    return recipient.substring(MARK.length());
  }

  /** A group's address as a recipient: {@code @NAME}. */
  public static String address(String group) {
    return MARK + group;
  }

  /**
   * Returns a recipient as a send takes it, an agent's name or {@code @GROUP}; else throws {@link
   * InvalidInputException} saying what is allowed.
   */
  public static String requireRecipient(String recipient) {
    if (isGroup(recipient)) {
      AgentNames.require(groupOf(recipient), "group name");
      return recipient;
    }
    return AgentNames.require(recipient);
  }

  /**
   * The group a user named with {@code --group} or {@code --ungroup}: a name with the agents'
   * rules, with or without the {@code @} a send puts before it.
   */
  public static String require(String group) {
    String name = isGroup(group) ? groupOf(group) : group;
    return AgentNames.require(name, "group name");
  }

  /** The groups of an agent as every store keeps them: each once, sorted by name. */
  public static List<String> normalized(Collection<String> groups) {
    return groups == null ? List.of() : List.copyOf(new TreeSet<>(groups));
  }
}
