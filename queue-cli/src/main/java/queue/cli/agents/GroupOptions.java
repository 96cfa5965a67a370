package queue.cli.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.core.agents.Groups;
import queue.core.error.InvalidInputException;

/**
 * The groups an agent joins ({@code --group G}, {@code agents add} and {@code set}) and leaves
 * ({@code --ungroup G}, {@code set}), each repeatable; a name may be given with the {@code @} a
 * send puts before it.
 */
final class GroupOptions {
  private final OptionSpec group =
      OptionSpec.builder("--group")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .paramLabel("GROUP")
          .description(
              "Put the agent in GROUP (agent-name rules); repeatable. 'queue send --to @GROUP'"
                  + " reaches every agent in it.")
          .build();
  private final OptionSpec ungroup =
      OptionSpec.builder("--ungroup")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .paramLabel("GROUP")
          .description("Take the agent out of GROUP; repeatable.")
          .build();
  private final boolean leaving;

  /**
   * @param leaving true for {@code agents set}, which also takes {@code --ungroup}
   */
  GroupOptions(boolean leaving) {
    this.leaving = leaving;
  }

  CommandSpec addTo(CommandSpec spec) {
    spec.addOption(group);
    return leaving ? spec.addOption(ungroup) : spec;
  }

  boolean isGiven() {
    return group.getValue() != null || (leaving && ungroup.getValue() != null);
  }

  /** The groups to join, checked. */
  List<String> joined() {
    return checked(group.getValue());
  }

  /** The groups to leave, checked; refused (exit 2) for a group also joined. */
  List<String> left() {
    List<String> left = leaving ? checked(ungroup.getValue()) : List.of();
    TreeSet<String> both = new TreeSet<>(left);
    both.retainAll(joined());
    if (!both.isEmpty()) {
      throw new InvalidInputException(
          "--group " + both.first() + " and --ungroup " + both.first() + " contradict each other");
    }
    return left;
  }

  private static List<String> checked(List<String> given) {
    List<String> groups = new ArrayList<>();
    if (given != null) {
      for (String name : given) {
        groups.add(Groups.require(name));
      }
    }
    return groups;
  }
}
