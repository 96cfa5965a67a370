package queue.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A registered agent, its transport and its delivery settings.
 *
 * @param inbox for INBOX: the delivery directory, or null for {@code inbox/NAME} in a file store's
 *     data directory
 * @param url for HTTP: the http(s) URL entries are POSTed to
 * @param exec for EXEC: the argv run for each entry, never through a shell; its command is absolute
 * @param host the host it was registered on; on a shared store only a processor on that host
 *     delivers to an inbox agent
 * @param paused true while delivery to it is stopped ({@code queue agents pause})
 */
public record Agent(
    String name,
    Transport transport,
    String inbox,
    String url,
    List<String> exec,
    Instant registeredAt,
    String host,
    boolean paused,
    AgentSettings settings) {

  public Agent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(registeredAt, "registeredAt");
    exec = exec == null ? null : List.copyOf(exec);
    settings = settings == null ? AgentSettings.DEFAULTS : settings;
  }

  /** A new agent with the default settings, not paused. */
  public static Agent of(
      String name,
      Transport transport,
      String inbox,
      String url,
      List<String> exec,
      Instant registeredAt,
      String host) {
    return new Agent(
        name, transport, inbox, url, exec, registeredAt, host, false, AgentSettings.DEFAULTS);
  }

  /** Where this agent's entries go, in words: for listings and messages. */
  public String target() {
    return switch (transport) {
      case INBOX -> inbox == null ? "inbox/" + name : inbox;
      case HTTP -> url;
      case EXEC -> String.join(" ", exec);
      case PULL -> "queue receive " + name;
    };
  }

  public Agent withPaused(boolean value) {
    return new Agent(name, transport, inbox, url, exec, registeredAt, host, value, settings);
  }

  public Agent withSettings(AgentSettings value) {
    return new Agent(name, transport, inbox, url, exec, registeredAt, host, paused, value);
  }

  /** This agent changed as {@code change} says; null parts of it keep what is there. */
  public Agent changedBy(AgentChange change) {
    Agent changed = change.paused() == null ? this : withPaused(change.paused());
    return change.settings() == null
        ? changed
        : changed.withSettings(settings.with(change.settings()));
  }
}
