package queue.cli.send;

import java.util.ArrayList;
import java.util.List;
import queue.core.model.Agent;

/**
 * The recipients that {@code send --wait} cannot see delivered without another step, each with that
 * step: a pull agent's entry waits for {@code queue receive}, a paused agent's for {@code resume}.
 * The wait still counts them, so they are named up front and again if it times out.
 */
final class WaitingFor {
  private WaitingFor() {}

  /** One phrase per such recipient, in the order of {@code recipients}. */
  static List<String> anotherStep(List<Agent> agents, List<String> recipients) {
    List<String> steps = new ArrayList<>();
    for (String recipient : recipients) {
      for (Agent agent : agents) {
        if (agent.name().equals(recipient)) {
          String step = stepFor(agent);
          if (step != null) {
            steps.add(step);
          }
        }
      }
    }
    return steps;
  }

  private static String stepFor(Agent agent) {
    String name = agent.name();
    if (agent.paused()) {
      return name + " is paused: its entry waits for 'queue agents resume " + name + "'";
    }
    if (agent.isPull()) {
      return name + " is a pull agent: its entry waits for 'queue receive " + name + "'";
    }
    return null;
  }
}
