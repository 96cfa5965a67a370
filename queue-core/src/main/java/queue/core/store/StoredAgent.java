package queue.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import queue.core.model.Agent;
import queue.core.model.AgentSettings;
import queue.core.model.Transport;

/**
 * An agent as {@code agents.json} stores it: flat, with what is left at its default (not paused,
 * the processor's settings) left out.
 */
record StoredAgent(
    String name,
    Transport transport,
    String inbox,
    String url,
    List<String> exec,
    Instant registeredAt,
    String host,
    Boolean paused,
    Integer maxAttempts,
    Duration timeout,
    String secretFile,
    List<String> headers) {

  static StoredAgent of(Agent agent) {
    AgentSettings settings = agent.settings();
    return new StoredAgent(
        agent.name(),
        agent.transport(),
        agent.inbox(),
        agent.url(),
        agent.exec(),
        agent.registeredAt(),
        agent.host(),
        agent.paused() ? Boolean.TRUE : null,
        settings.maxAttempts(),
        settings.timeout(),
        settings.secretFile(),
        settings.headers());
  }

  Agent toAgent() {
    return new Agent(
        name,
        transport,
        inbox,
        url,
        exec,
        registeredAt,
        host,
        Boolean.TRUE.equals(paused),
        new AgentSettings(maxAttempts, timeout, secretFile, headers));
  }
}
